"""The recompute pipeline: writers mark, workers compute (RELIABILITY.md).

1. A writer calls one of `marking`'s functions inside its own transaction: the target's
   `data_version` goes up and `dirty_since` is set, with every figure derived from it, in the
   same commit as the change. The database is the truth.
2. After commit the job is enqueued by name through `assessments.jobs`: at once after a quiet
   spell, or at the end of a short throttle window during a burst, with at most one job pending
   per target (a Redis `SET NX` guard). A broker error is logged and swallowed: the save stands
   and the mark stays for the sweep.
3. The job (`assessments.tasks`) locks the target row, recomputes from scratch through the pure
   engine and writes the score with the version it read; under the row lock nobody can bump the
   version meanwhile, so clearing the mark is a compare-and-set. (A fleet batch takes no lock: its
   one statement writes only where the version is still the one it read.)
4. `sweep.sweep_dirty` recomputes whatever stayed dirty (beat, or `recompute_scores`).

Modules, each below the next in what it may import: `specs` (model rows to the engine's specs),
`marking` (what writers call), then the computing: `fleet_sql` and `derived_sql` (set-based
statements, PostgreSQL), `attainment` (commitment lines), `partnerships`, `aggregates`,
`scorecards` (one or a fleet), and `sweep`. Writers import only `marking` (and `specs` to
validate an answer); the tasks and the `recompute_scores` command import the rest.
"""
