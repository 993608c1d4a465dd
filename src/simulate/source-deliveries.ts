// What the sources of one delivery profile receive: sources with the same groups and flags
// receive the same routes (docs/netbird-behaviour.md §3), so the simulator computes their exit sets and exit node
// selection once and shares them (see Simulator.profileOf).
import type { Model } from '../model/types.js';
import { deliverSet, type Delivery, type SetDelivery, type SimSet, type SourceView } from './distribution.js';
import type { SetTemplates } from './set-templates.js';
import { selectExitNodes, type ExitSelection } from './exit.js';

/**
 * What the sources of one delivery profile receive, set by set, and their exit node selection per
 * user choice: computed once per profile. `view` is one of those sources.
 */
export class SourceDeliveries {
  /** Exit set deliveries, by set index. */
  private readonly bySet = new Map<number, SetDelivery>();
  private readonly exitsByChoice = new Map<string | null, { deliveries: readonly SetDelivery[]; selection: ExitSelection }>();

  constructor(
    private readonly model: Model,
    readonly view: SourceView,
    private readonly exitSets: readonly SimSet[],
    /** Exit sets are large and read by every profile: delivered from templates shared by the profiles. */
    private readonly templates: SetTemplates,
    /**
     * A set's delivery as one question's members share it (member-deliveries.ts), given how to make
     * it (with the codes its delivery class shares, when it has one).
     */
    private readonly shared?: (set: SimSet, make: (classCodes?: Map<number, Delivery>) => SetDelivery) => SetDelivery,
  ) {}

  /**
   * Exit sets cover every address, so every question of the profile reads them: they are kept.
   * Other sets are computed again when asked: a few rows each, and keeping every set a batch
   * happens to touch would hold memory that few later questions reuse.
   */
  deliver(set: SimSet): SetDelivery {
    if (!set.isExit) {
      // A group question's members share the sets' deliveries, or take a large set they serve
      // (a peer group of every member serving it) from its template: its rows are read once.
      return this.shared ? this.shared(set, (classCodes) => this.templates.deliver(this.view, set, classCodes)) : deliverSet(this.model, this.view, set);
    }
    let d = this.bySet.get(set.index);
    if (!d) {
      const make = (classCodes?: Map<number, Delivery>): SetDelivery => this.templates.deliver(this.view, set, classCodes);
      this.bySet.set(set.index, (d = this.shared ? this.shared(set, make) : make()));
    }
    return d;
  }

  /** Every exit set as the source receives it, and the selection the client makes given the user's choice. */
  exits(userChoice: string | null): { deliveries: readonly SetDelivery[]; selection: ExitSelection } {
    let x = this.exitsByChoice.get(userChoice);
    if (!x) {
      const deliveries = this.exitSets.map((s) => this.deliver(s));
      this.exitsByChoice.set(userChoice, (x = { deliveries, selection: selectExitNodes(deliveries, userChoice) }));
    }
    return x;
  }
}
