/**
 * A schema built on first use. Workflow code evaluates every module it imports once per new or replayed workflow
 * (each gets its own copy in the SDK's sandbox), and built eagerly the domain's schemas cost every visit
 * ~17 ms and ~2.9 MiB although a workflow parses only a handful of them. Outside workflows it costs nothing.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let schema: T | undefined;
  const real = () => {
    schema ??= build();
    return schema;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      // A proxy may not report a non-configurable property its (empty) target lacks.
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
