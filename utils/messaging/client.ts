// Sending requests to the background from UI surfaces, with the answer validated.
import { requestSchemas, type AnyRequest, type ResponseOf } from './protocol';
import { callBackground } from './call';

export { DealsideRequestError } from './call';

/** For UI surfaces: any request of the protocol, answer validated. */
export function sendRequest<R extends AnyRequest>(request: R): Promise<ResponseOf<R['type']>> {
  return callBackground(requestSchemas, request) as Promise<ResponseOf<R['type']>>;
}
