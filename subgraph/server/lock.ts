/**
 * A readers-writer lock: GraphQL requests read together, a block is written alone, and a waiting writer goes
 * before readers that arrive after it (so a busy server cannot starve the indexer). Every request therefore sees
 * whole blocks only, on both backends.
 */
export class ReadWriteLock {
  private readers = 0;
  private writing = false;
  private readonly queue: { write: boolean; start: () => void }[] = [];

  async read<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await fn();
    } finally {
      this.readers--;
      this.next();
    }
  }

  async write<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.writing = false;
      this.next();
    }
  }

  private acquire(write: boolean): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ write, start: resolve });
      this.next();
    });
  }

  private next(): void {
    while (this.queue.length > 0 && !this.writing) {
      const head = this.queue[0]!;
      if (head.write) {
        if (this.readers > 0) return;
        this.queue.shift();
        this.writing = true;
        head.start();
        return;
      }
      this.queue.shift();
      this.readers++;
      head.start();
    }
  }
}
