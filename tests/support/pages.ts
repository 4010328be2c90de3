// Pages the background tests report, as a content script would: María José García López's HubSpot
// contact in the demo workspace (her soonest open deal is Iberia Logística's).
import type { PageSnapshot } from '../../utils/sites/snapshot';

const url = 'https://app.hubspot.com/contacts/4481234/record/0-1/51001';

export const mariaOnHubspot: { sender: { id: string; url: string; tab: { id: number } }; snapshot: PageSnapshot } = {
  sender: { id: 'x', url, tab: { id: 3 } },
  snapshot: {
    url,
    ref: { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: '51001' },
    entity: { type: 'person', fullName: 'María José García López' },
    health: { status: 'ok', matched: [], missing: [] },
    takenAt: 1,
  },
};
