-- The login MoveCenter's nodes use instead of sa (run by the db-init service of docker-compose.yml, as sa, on every
-- start; safe to run again). It owns the MoveCenter database and nothing on the server: db_owner, because the nodes
-- apply EF Core migrations and create Hangfire's schema at start. A DBA who applies db/scripts/ by hand may give it
-- db_datareader, db_datawriter and EXECUTE instead, once Hangfire's schema exists.
IF DB_ID(N'MoveCenter') IS NULL
    CREATE DATABASE [MoveCenter];
GO

-- sqlcmd fills $(MOVECENTER_DB_PASSWORD) from the environment; a password with a quote (') is refused by the parser.
IF SUSER_ID(N'movecenter') IS NULL
    CREATE LOGIN [movecenter] WITH PASSWORD = N'$(MOVECENTER_DB_PASSWORD)', DEFAULT_DATABASE = [MoveCenter], CHECK_EXPIRATION = OFF;
ELSE
    ALTER LOGIN [movecenter] WITH PASSWORD = N'$(MOVECENTER_DB_PASSWORD)';
GO

USE [MoveCenter];
IF USER_ID(N'movecenter') IS NULL
    CREATE USER [movecenter] FOR LOGIN [movecenter];
ALTER ROLE [db_owner] ADD MEMBER [movecenter];
GO
