using Xunit;

// Each engine test runs a Hangfire server, a supervisor and SQLite on a 2-core machine; one at a time keeps them honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
