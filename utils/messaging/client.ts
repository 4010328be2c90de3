// Sending requests to the background from UI surfaces, with the answer validated.
import { requestSchemas, type AnyRequest, type ResponseOf } from './protocol';
import { callBackground, checkAnswer } from './call';

export { DealsideRequestError } from './call';

/** For UI surfaces: any request of the protocol, answer validated. */
export function sendRequest<R extends AnyRequest>(request: R): Promise<ResponseOf<R['type']>> {
  return callBackground(requestSchemas, request) as Promise<ResponseOf<R['type']>>;
}

/** An answer sent for before the schemas were loaded (sendUnchecked), validated now. */
export function checkedAnswer<R extends AnyRequest>(request: R, raw: Promise<unknown>): Promise<ResponseOf<R['type']>> {
  return raw.then((answer) => checkAnswer(requestSchemas, request.type, answer)) as Promise<ResponseOf<R['type']>>;
}
