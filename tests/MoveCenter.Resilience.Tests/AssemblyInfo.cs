using Xunit;

// Each test runs MoveCenter hosts as child processes, and some run Dovecots; on a 2-core machine one test at a time
// keeps kill moments and lease timings meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
