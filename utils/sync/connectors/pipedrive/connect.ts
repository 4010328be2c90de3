// Pipedrive connect: the user (users/me), the Dealside custom fields, stages, and the fields
// Options maps.
import { BANT_FIELDS, type SyncEntity } from '../../../domain/fields/recordFields';
import type { ConnectionRecord } from '../../../store/syncRecords';
import { SyncError } from '../../http';
import { mappedFields, type ConnectOptions, type ConnectResult, type CrmFieldInfo } from '../../connector';
import { TYPE_OF, FIELDS_ROUTE, PIPEDRIVE_ID_FIELD, ID_FIELD_NAME, PIPEDRIVE_LINKEDIN_FIELD_NAME, PIPEDRIVE_DEFAULT_FIELDS, pdFieldType } from './model';
import { PipedriveRoles } from './roles';
import { PD_FIELD_CREATED, PD_ME, PD_STAGES } from './schemas';
import { sayIn } from '../notes';

export class PipedriveConnect extends PipedriveRoles {
  async connect(options: ConnectOptions = {}): Promise<ConnectResult> {
    const say = sayIn(options.locale);
    const { body: me } = await this.http.request({ method: 'GET', url: '/v1/users/me' }, PD_ME);
    const notes: string[] = [];
    const fieldMap: ConnectionRecord['fieldMap'] = {};
    let idField = true;
    let bantComplete = true;
    let createdAny = false;
    for (const entity of ['account', 'person', 'deal', 'product'] as const) {
      const type = TYPE_OF[entity];
      const existing = new Map((await this.fieldsOf(type)).map((f) => [f.name.toLowerCase() === PIPEDRIVE_LINKEDIN_FIELD_NAME.toLowerCase() ? PIPEDRIVE_LINKEDIN_FIELD_NAME : f.name, f.key]));
      const wanted: Array<{ name: string; fieldType: string; canonical: string }> = [];
      if (entity !== 'product') wanted.push({ name: ID_FIELD_NAME, fieldType: 'varchar', canonical: PIPEDRIVE_ID_FIELD });
      if (entity === 'person') wanted.push({ name: PIPEDRIVE_LINKEDIN_FIELD_NAME, fieldType: 'varchar', canonical: 'linkedinUrl' });
      if (entity === 'deal' || entity === 'person') {
        for (const [field, spec] of Object.entries(BANT_FIELDS)) wanted.push({ name: `Dealside: ${spec.label}`, fieldType: pdFieldType(spec), canonical: field });
      }
      const map: Record<string, string> = {};
      for (const [canonical, path] of Object.entries(PIPEDRIVE_DEFAULT_FIELDS[entity])) map[canonical] = path;
      let refused = false;
      for (const w of wanted) {
        let key = existing.get(w.name);
        if (!key && !refused) {
          try {
            const { body } = await this.http.request({ method: 'POST', url: `/v1/${FIELDS_ROUTE[type]}`, body: { name: w.name, field_type: w.fieldType } }, PD_FIELD_CREATED);
            key = body.data.key;
            createdAny = true;
          } catch (e) {
            if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'invalid')) refused = true;
            else throw e;
          }
        }
        if (key) map[w.canonical] = `custom_fields.${key}`;
        else if (w.canonical === PIPEDRIVE_ID_FIELD) idField = false;
        else if (w.canonical === 'linkedinUrl') {
          notes.push(
            say(
              `Pipedrive has no "${PIPEDRIVE_LINKEDIN_FIELD_NAME}" person field: LinkedIn profile links are not synced until an admin connects once (or adds that field).`,
              `Pipedrive no tiene el campo de persona "${PIPEDRIVE_LINKEDIN_FIELD_NAME}": los enlaces a perfiles de LinkedIn no se sincronizan hasta que un administrador conecte una vez (o añada ese campo).`,
            ),
          );
        }
        else bantComplete = false;
      }
      if (refused) {
        notes.push(
          say(
            `Pipedrive did not let Dealside add its fields to ${type} (only admins can): ask an admin to connect once, or map BANT to existing fields in Options → Connections.`,
            `Pipedrive no dejó a Dealside añadir sus campos a ${type} (solo pueden hacerlo los administradores): pide a un administrador que conecte una vez, o asigna BANT a campos que ya existan en Opciones → Conexiones con el CRM.`,
          ),
        );
      }
      fieldMap[entity] = map;
    }
    return {
      label: `Pipedrive ${me.data.company_name}`,
      stageMap: await this.stageMap(),
      ...(await this.ensureRoleField(notes, say)),
      account: { id: String(me.data.company_id), name: me.data.company_name, ...(me.data.company_domain ? { uiDomain: `${me.data.company_domain}.pipedrive.com` } : {}) },
      fieldMap,
      // activities and notes have no custom fields: a logged touch carries the marker line
      capabilities: { dealsideIdField: idField, bant: !bantComplete ? 'missing' : createdAny ? 'created' : 'mapped', activityIds: 'marker' },
      ...(me.data.id !== undefined && me.data.name ? { user: { id: String(me.data.id), name: me.data.name, ...(me.data.email ? { email: me.data.email } : {}) } } : {}),
      notes,
    };
  }

  /** Pipeline stages in order, to ours (for connect's stage map). */
  async stageMap(): Promise<Record<string, string>> {
    const { body } = await this.http.request({ method: 'GET', url: '/v1/stages' }, PD_STAGES);
    const ours = ['discovery', 'qualification', 'proposal', 'proposal', 'negotiation'];
    const out: Record<string, string> = {};
    const byPipeline = new Map<number, Array<{ id: number; order_nr: number }>>();
    for (const s of body.data ?? []) byPipeline.set(s.pipeline_id, [...(byPipeline.get(s.pipeline_id) ?? []), s]);
    for (const stages of byPipeline.values()) {
      stages.sort((a, b) => a.order_nr - b.order_nr).forEach((s, i) => (out[String(s.id)] = ours[Math.min(i, ours.length - 1)]!));
    }
    return out;
  }

  async describeFields(entity: SyncEntity): Promise<CrmFieldInfo[]> {
    const fields = await this.fieldsOf(TYPE_OF[entity]);
    const mapped = new Map(Object.entries(mappedFields(this.connection, entity)).map(([c, p]) => [p.replace(/^custom_fields\./, ''), c]));
    return fields.map((f) => ({
      name: f.key,
      label: f.name,
      type: f.field_type,
      custom: /^[0-9a-f]{40}$/.test(f.key),
      writable: true,
      ...(mapped.has(f.key) ? { mappedTo: mapped.get(f.key) } : {}),
      ...(f.options?.length ? { options: f.options.map((o) => o.label) } : {}),
    }));
  }

}
