// The entities of the open index by id (dex.entity), each asked of the engine once: an article
// names the same few dozen entities many times, and its mentions, their links and their
// tooltips all need the canonical name.

/** A function from an entity id to its entity, or null for an id the index does not know. */
export function entityLookup(dex) {
  const known = new Map();
  return (id) => {
    if (!known.has(id)) {
      let entity = null;
      try {
        entity = dex.entity(id, { details: false });
      } catch {
        // An unknown id (an index whose mentions and entity table disagree) just stays plain text.
      }
      known.set(id, entity);
    }
    return known.get(id);
  };
}
