/**
 * Generated source compiled once per text.
 *
 * Calling `new Function` again with the same text gives a new function whose closures start with
 * no feedback: V8 interprets them and optimizes them again. Even one factory called again creates
 * new closures of its inner functions, and V8's optimized code for the first closure (specialized
 * to its context) does not serve the second: the first three cells of the 10 × 10 map in bench/
 * took 150–200 ms each, the others 25. So the engine `compiled-shared` (sweeps, decision maps)
 * keeps one instance per source, whose functions are used again with each cell's tables
 * (`use(tables)`): one set of closures for the whole process, optimized once.
 */
const MAX_KEPT = 32;

/** The instances of the last MAX_KEPT sources, the one used longest ago first (it is the one dropped). */
const instances = new Map<string, unknown>();

/**
 * `new Function(source)()`, once per source (the last MAX_KEPT sources): the same instance, and
 * so the same closures, for the same text. `new Function` returns an untyped Function: its type
 * is the one its source gives it, which the caller states as `Instance`.
 */
export function generatedInstance<Instance>(source: string): Instance {
  let instance = instances.get(source);
  if (instance === undefined) {
    instance = new Function(source)();
    const oldest = instances.keys().next();
    if (instances.size >= MAX_KEPT && !oldest.done) instances.delete(oldest.value);
  } else instances.delete(source);
  instances.set(source, instance);
  return instance as Instance;
}

/** `new Function('tables', source)`, a new function each time (its closures specialized to these tables). */
export function generatedFunction<Tables, Result>(source: string): (tables: Tables) => Result {
  return new Function('tables', source) as (tables: Tables) => Result;
}
