// Past the limit of findings per file (lint's `maxFindings`) a finding is only counted. A rule whose
// findings are costly to detail (the earliest other route, names, counts) can tell when every
// finding left would only be counted, and from then on ask only whether there is one.
import type { Model, Route } from '../model/types.js';

export class FindingLimit {
  /** Files of routes for which `leftOut` answered true: the limit only rises, so they stay past it. */
  private readonly past = new Set<string>();
  /** The number of distinct files holding routes, counted when first needed. */
  private files = -1;

  constructor(
    private readonly model: Model,
    private readonly ask: (route: Route) => boolean,
  ) {}

  /** The context's `leftOut(route)`, noting the file once it answers true. */
  readonly leftOut = (route: Route): boolean => {
    if (!this.ask(route)) return false;
    this.past.add(route.loc.file.path);
    return true;
  };

  /** Is every file with routes past the limit, so that any further finding about a route is only counted? */
  get onlyCounting(): boolean {
    if (this.past.size === 0) return false;
    if (this.files < 0) this.files = new Set(this.model.routes.map((r) => r.loc.file.path)).size;
    return this.past.size >= this.files;
  }
}
