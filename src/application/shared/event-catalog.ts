import type { Event, EventDefinition } from '@domain/shared';
import { InvalidEventError } from './errors';

export type EncodedEvent = Readonly<{ type: string; schemaVersion: number; data: unknown }>;

/** Every event type the system knows: validates what is written and upcasts what is read. */
export class EventCatalog {
  private readonly definitions = new Map<string, EventDefinition>();

  constructor(definitions: readonly EventDefinition[]) {
    for (const definition of definitions) {
      if (this.definitions.has(definition.type)) throw new Error(`Event type ${definition.type} is defined twice`);
      this.definitions.set(definition.type, definition);
    }
  }

  encode(event: Event): EncodedEvent {
    const definition = this.definitionOf(event.type);
    return { type: event.type, schemaVersion: definition.schemaVersion, data: this.validate(definition, event.data) };
  }

  decode(type: string, schemaVersion: number, data: unknown): Event {
    const definition = this.definitionOf(type);
    let current = data;
    for (let version = schemaVersion; version < definition.schemaVersion; version++) {
      const upcast = definition.upcasters[version];
      if (!upcast) throw new InvalidEventError(type, `no upcaster from schema version ${version}`);
      current = upcast(current);
    }
    return { type, data: this.validate(definition, current) };
  }

  private definitionOf(type: string): EventDefinition {
    const definition = this.definitions.get(type);
    if (!definition) throw new InvalidEventError(type, 'unknown event type');
    return definition;
  }

  private validate(definition: EventDefinition, data: unknown): unknown {
    const result = definition.schema.safeParse(data);
    if (!result.success) throw new InvalidEventError(definition.type, result.error.message);
    return result.data;
  }
}
