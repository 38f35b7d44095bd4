global using MoveCenter.Testing;
global using Xunit;
