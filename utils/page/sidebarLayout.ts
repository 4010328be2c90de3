// Where the in-page sidebar sits on a CRM site: open or folded to a slim tab, and how wide. Each
// CRM host keeps its own (app.hubspot.com is laid out differently from acme.lightning.force.com),
// in storage.local, so it survives reloads and is shared by that site's tabs.

/** Widths of the whole panel (its resize edge included), in CSS px. */
export const SIDEBAR_WIDTH = {
  /** the sidebar page gets 360 px beside the 24 px edge */
  default: 384,
  min: 312,
  /** never more than this share of the window */
  maxShare: 0.5,
  /** one arrow-key step on the resize edge (Shift: four) */
  step: 16,
} as const;

export type SidebarLayout = { collapsed: boolean; width: number };

/**
 * Whether a stored value has the layout's shape — `z.object({ collapsed: z.optional(z.boolean()),
 * width: z.optional(z.number()) })`, checked by hand so the content script carries no schema
 * library (issue #15.1); sidebarLayout.test.ts proves the two agree on any value.
 */
function isStoredLayout(raw: unknown): raw is { collapsed?: boolean; width?: number } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const { collapsed, width } = raw as Record<string, unknown>;
  return (collapsed === undefined || typeof collapsed === 'boolean') && (width === undefined || (typeof width === 'number' && Number.isFinite(width)));
}

export function sidebarLayoutKey(host: string): string {
  return `sidebarLayout:${host.toLowerCase()}`;
}

/** A stored value as a layout; anything missing or malformed takes the default. */
export function parseSidebarLayout(raw: unknown): SidebarLayout {
  const value = isStoredLayout(raw) ? raw : {};
  return {
    collapsed: value.collapsed === true,
    width: value.width !== undefined && Number.isFinite(value.width) ? Math.round(value.width) : SIDEBAR_WIDTH.default,
  };
}

/** The widest the panel may be in a window this wide (half of it, but never under the minimum). */
export function maxWidth(viewportWidth: number): number {
  return Math.max(SIDEBAR_WIDTH.min, Math.floor(viewportWidth * SIDEBAR_WIDTH.maxShare));
}

/** The width shown: the one asked for, kept between the minimum and half the window. */
export function clampWidth(width: number, viewportWidth: number): number {
  return Math.min(maxWidth(viewportWidth), Math.max(SIDEBAR_WIDTH.min, Math.round(width)));
}
