// HubSpot owners: the token's user and the portal's owners (active and deactivated), read once
// a pull and keyed by user id.
import { SyncError } from '../../http';
import { type PullPage, type RemoteUser, crmUserId } from '../../connector';
import { OWNERS_PAGE } from './model';
import { HubspotCore } from './core';
import { HS_OWNERS, type HsOwner, OWNER_PAGE, TOKEN_METADATA } from './schemas';

export class HubspotOwners extends HubspotCore {
  /**
   * Whom an OAuth access token belongs to: HubSpot's token metadata (the user who installed the
   * app: their user id and e-mail), named as the portal's owner list names them. undefined for a
   * private app's token, which belongs to no user (the user is asked instead).
   */
  async tokenOwner(accessToken: string): Promise<{ id: string; name: string; email?: string } | undefined> {
    const { status, body } = await this.http.request({ method: 'GET', url: `/oauth/v1/access-tokens/${encodeURIComponent(accessToken)}`, accept: [400, 404] });
    if (status !== 200) return undefined;
    const meta = TOKEN_METADATA.safeParse(body);
    if (!meta.success || meta.data.user_id === undefined) return undefined;
    const email = meta.data.user;
    let name: string | undefined;
    if (email) {
      try {
        const { body: owners } = await this.http.request({ method: 'GET', url: '/crm/v3/owners', query: { email, limit: 1 } });
        const owner = OWNER_PAGE.safeParse(owners).data?.results[0];
        name = [owner?.firstName, owner?.lastName].filter((p) => p && p.trim()).join(' ').trim() || undefined;
      } catch (e) {
        // without the owners scope the e-mail names the user
        if (!(e instanceof SyncError && e.code === 'forbidden')) throw e;
      }
    }
    return { id: String(meta.data.user_id), name: name ?? email ?? `HubSpot user ${meta.data.user_id}`, ...(email ? { email } : {}) };
  }

  protected ownersLoad?: Promise<HsOwner[]>;

  /** Every owner, active and deactivated (archived), paging through GET /crm/v3/owners. */
  protected async readOwners(): Promise<HsOwner[]> {
    const out: HsOwner[] = [];
    for (const archived of [false, true]) {
      let after: string | undefined;
      do {
        let body: { results: HsOwner[]; paging?: { next?: { after: string } } };
        try {
          ({ body } = await this.http.request({ method: 'GET', url: '/crm/v3/owners', query: { limit: OWNERS_PAGE, after, archived } }, HS_OWNERS));
        } catch (e) {
          // a token without the crm.objects.owners.read scope: records sync without owners
          if (e instanceof SyncError && e.code === 'forbidden') return out;
          throw e;
        }
        out.push(...body.results.map((o) => ({ ...o, archived })));
        after = body.paging?.next?.after;
      } while (after);
    }
    return out;
  }

  /** The owners, read once per connector (a connector lives for one engine run). */
  protected async owners(): Promise<HsOwner[]> {
    this.ownersLoad ??= this.readOwners().then((owners) => {
      const byOwner = new Map<string, string>();
      const byUser = new Map<string, string>();
      for (const o of owners) {
        const userId = o.userId ?? o.userIdIncludingInactive;
        if (userId === null || userId === undefined) continue; // no user behind it: not someone we can name
        const ours = crmUserId('hubspot', String(userId));
        byOwner.set(String(o.id), ours);
        // an active owner wins over a deactivated one of the same user
        if (!o.archived || !byUser.has(ours)) byUser.set(ours, String(o.id));
      }
      this.ownerIds = { byOwner, byUser };
      return owners;
    });
    try {
      return await this.ownersLoad;
    } catch (e) {
      this.ownersLoad = undefined;
      throw e;
    }
  }

  protected async *pullOwners(): AsyncGenerator<PullPage> {
    this.ownersLoad = undefined; // read them afresh on every pull
    const owners = await this.owners();
    const users = new Map<string, RemoteUser>();
    for (const o of owners) {
      const id = this.ownerIds?.byOwner.get(String(o.id));
      if (!id || (o.archived && users.has(id))) continue;
      const name = [o.firstName, o.lastName].filter((p) => p && p.trim()).join(' ').trim() || o.email || `HubSpot user ${id.slice('hubspot-user-'.length)}`;
      users.set(id, { id, name, ...(o.email ? { email: o.email } : {}) });
    }
    yield { records: [], users: [...users.values()], cursor: { mode: 'incremental', since: new Date(this.http.deps.now()).toISOString() } };
  }
}
