// Preferences content scripts read directly from storage.local (no secrets here: tokens live in
// the background only).

/** Opt-in: badges on LinkedIn search results. Off by default, since LinkedIn probes for DOM changes. */
export const LINKEDIN_BADGES_KEY = 'linkedinBadges';
