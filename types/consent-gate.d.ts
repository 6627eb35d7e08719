// Type declarations for window.ConsentGate, the API of dist/consent-gate.js.

/** The visitor's consent as the gate applies it. */
export interface ConsentState {
  /** Random consent id of the stored choice (hex); null when the opt-out cookie or a region's default decides. */
  id: string | null;
  /** Config revision the choice was made under. */
  revision: number;
  /** When the choice was made, in milliseconds since the epoch (usable with `new Date(time)`). */
  time: number | null;
  /** Every configured category, granted whole or not. Required categories are always true; a category whose
   * services were granted one by one is false (its `data-category`-only tags stay held). */
  categories: Record<string, boolean>;
  /** The services that may run (config services and catalog ids): those of the categories granted whole and
   * those granted one by one. */
  services: string[];
  /** How the state came about. */
  source: "accept-all" | "reject-all" | "preferences" | "api" | "placeholder" | "opt-out-cookie" | "region-default";
  /** A Global Privacy Control (or, if enabled, Do Not Track) signal is present and honoured. */
  gpc: boolean;
}

/** One request to a tracker host, as `audit()` reports it. */
export interface AuditEntry {
  /** The request's URL. */
  url: string;
  /** The tracker's id (`google-analytics`, `hotjar`, … or the site's service name). */
  service: string;
  /** The tracker's title. */
  title: string;
  /** The category it belongs to. */
  category: string;
  /** When the request started, in ms since navigation start (Resource Timing `startTime`). */
  time: number;
  /** Whether its category was granted at that moment. */
  granted: boolean;
  /** The request started before the gate did (so it could not have been held). */
  beforeGate: boolean;
}

export interface ConsentGate {
  /** The version of consent-gate. */
  readonly version: string;
  /** Resolves with this object once the gate runs; rejects (and logs) if it cannot start. */
  readonly ready: Promise<ConsentGate>;
  /** Grant every category (except those a GPC signal denies). */
  acceptAll(): void;
  /** Deny every optional category and set the opt-out cookie. */
  rejectAll(): void;
  /** Grant exactly these categories, plus the required ones. Unknown names: nothing changes. */
  accept(categories: string[]): void;
  /** Whether the category is granted now, whole. */
  isAccepted(category: string): boolean;
  /** Grant this service (a config service's name or a catalog id) as well as everything granted now; stored like
   * any choice. Unknown names: nothing changes, and a console error says so. */
  acceptService(service: string): void;
  /** Whether the service may run now: its category is granted, or it was granted on its own. */
  isServiceAccepted(service: string): boolean;
  /** The current consent, or null while the visitor has not chosen. */
  getConsent(): ConsentState | null;
  /** Show the first-layer banner (again). */
  showBanner(): void;
  /** Open the preferences dialog. */
  showPreferences(): void;
  /** Same as rejectAll(): set the opt-out cookie and deny every optional category. */
  optOut(): void;
  /** Forget the choice and the opt-out cookie, delete withdrawn services' cookies, ask again. */
  reset(): void;
  /** Every request the page made to a tracker host so far, with whether it was granted then. */
  audit(): AuditEntry[];
  /** Call `listener` after every choice (also dispatched as the `consentgate:change` event). */
  on(event: "change", listener: (consent: ConsentState | null) => void): void;
}

declare global {
  interface Window {
    ConsentGate: ConsentGate;
  }
  interface DocumentEventMap {
    "consentgate:change": CustomEvent<ConsentState | null>;
  }
}
