/*
 * Constructors for the objects a run keeps by the thousand (trace events, packets, frames).
 *
 * V8 pretenures the objects of an object literal once most of them outlive a young collection
 * (allocation-site pretenuring): a literal whose objects a run keeps then allocates straight
 * into old space. On the 200-router chain every event, packet and frame of a recorded Run went
 * there, and in about half the Runs onto pages fresh from the system (1,200 page faults, a
 * third of the Run). Objects made by `new` are never pretenured: they are born young, where a
 * Run's allocation reuses pages already mapped.
 */

/**
 * A constructor of plain objects: their prototype is Object.prototype, as a literal's, so
 * nothing that reads, compares, copies or posts them tells them apart from a literal's.
 * `init` sets every key from its arguments, in the order a literal would list them. A number
 * many objects share (the events of one instant share their boxed time) is stored into a key
 * first added holding undefined: a key added with a fractional number boxes a copy per object.
 */
export function keptObjectMaker<A extends unknown[], T extends object>(init: (this: T, ...args: A) => void): new (...args: A) => T {
  const Make = init as unknown as (new (...args: A) => T) & { prototype: object };
  Make.prototype = Object.prototype;
  return Make;
}
