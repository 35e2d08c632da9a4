/** An in-memory EntityStore (tests, and a store that needs no database). Same contract as the PGlite store. */
import type { BlockChanges, EntityData, EntityStore, IndexedHead, IndexingError } from "../local/types.js";

export class MemoryEntityStore implements EntityStore {
  readonly entities = new Map<string, Map<string, EntityData>>();
  readonly blocks: BlockChanges[] = [];
  error: IndexingError | null = null;
  private current: IndexedHead | null = null;

  async loadAll(): Promise<Map<string, Map<string, EntityData>>> {
    return new Map([...this.entities].map(([type, byId]) => [type, new Map(byId)]));
  }

  async head(): Promise<IndexedHead | null> {
    return this.current;
  }

  async applyBlock(block: BlockChanges): Promise<void> {
    if (this.current !== null && block.number <= this.current.number) {
      throw new Error(`block ${block.number} applied after block ${this.current.number}`);
    }
    for (const change of block.changes) {
      let byId = this.entities.get(change.entity);
      if (byId === undefined) this.entities.set(change.entity, (byId = new Map()));
      if (change.data === null) byId.delete(change.id);
      else byId.set(change.id, change.data);
    }
    this.blocks.push(block);
    this.current = { number: block.number, hash: block.hash, timestamp: block.timestamp };
  }

  async setError(error: IndexingError | null): Promise<void> {
    this.error = error;
  }

  /** One stored entity, or undefined. */
  get(entity: string, id: string): EntityData | undefined {
    return this.entities.get(entity)?.get(id);
  }

  all(entity: string): EntityData[] {
    return [...(this.entities.get(entity)?.values() ?? [])];
  }

  async close(): Promise<void> {}
}
