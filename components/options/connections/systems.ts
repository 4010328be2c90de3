// The CRMs Options → Connections lists, in the order it lists them: the catalogue's.
import type { CrmSystem } from '../../../utils/domain/entities';
import { CRMS } from '../../../utils/crms/catalogue';

export const SYSTEMS = CRMS;
export type System = CrmSystem;
