// A zod schema built on first use. A module's top level builds every schema it declares, used or
// not, and zod/mini runs a constructor per node: a woken service worker built ~1,900 of them
// (every request, answer, view and setting of the protocol) before it could answer the message that
// woke it, and every extension page the same. `lazySchema(() => z.object(…))` stands in for the
// schema and builds it the first time anything touches it (a parse, a property, another schema's
// parse through it); types are the schema's own. Pure: no I/O, no globals beyond Proxy.
/* @__NO_SIDE_EFFECTS__ */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(real(), key),
    has: (_, key) => Reflect.has(real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    ownKeys: () => Reflect.ownKeys(real()),
    // reported configurable: the stand-in itself has no own properties to be invariant about
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
