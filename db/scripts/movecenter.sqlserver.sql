IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [ApiKeys] (
        [Id] int NOT NULL IDENTITY,
        [Name] nvarchar(128) NOT NULL,
        [KeyHash] nvarchar(64) NOT NULL,
        [Role] nvarchar(32) NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [LastUsedAt] datetime2 NULL,
        [Revoked] bit NOT NULL,
        CONSTRAINT [PK_ApiKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] nvarchar(450) NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] nvarchar(450) NOT NULL,
        [DisplayName] nvarchar(max) NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(max) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(max) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [MoveChanges] (
        [Id] bigint NOT NULL IDENTITY,
        [MoveId] uniqueidentifier NOT NULL,
        [At] datetime2 NOT NULL,
        CONSTRAINT [PK_MoveChanges] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [MoveLogEntries] (
        [Id] bigint NOT NULL IDENTITY,
        [MoveId] uniqueidentifier NOT NULL,
        [At] datetime2 NOT NULL,
        [Level] nvarchar(16) NOT NULL,
        [Message] nvarchar(4000) NOT NULL,
        [Exception] nvarchar(max) NULL,
        [Source] nvarchar(256) NULL,
        CONSTRAINT [PK_MoveLogEntries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [Moves] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] nvarchar(256) NOT NULL,
        [SourcePostOfficeId] int NOT NULL,
        [TargetPostOfficeId] int NOT NULL,
        [Status] nvarchar(32) NOT NULL,
        [Phase] nvarchar(32) NOT NULL,
        [RequestedBy] nvarchar(256) NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [StartedAt] datetime2 NULL,
        [FinishedAt] datetime2 NULL,
        [LastActivityAt] datetime2 NOT NULL,
        [NotBefore] datetime2 NULL,
        [WaitReason] nvarchar(2000) NULL,
        [RetryCause] nvarchar(32) NULL,
        [RetryAttempt] int NOT NULL,
        [LastError] nvarchar(4000) NULL,
        [Restarts] int NOT NULL,
        [RestartWithPriority] bit NOT NULL,
        [Cleared] bit NOT NULL,
        [ActiveUserId] nvarchar(256) NULL,
        [InventoryTakenAt] datetime2 NULL,
        [InventoryTotal] int NOT NULL,
        [ItemsMoved] int NOT NULL,
        [ItemsSkipped] int NOT NULL,
        [BytesTotal] bigint NOT NULL,
        [BytesMoved] bigint NOT NULL,
        [RecentBytesPerSecond] float NOT NULL,
        [LastSampleAt] datetime2 NULL,
        [LastSampleBytes] bigint NOT NULL,
        [Version] bigint NOT NULL,
        [DispatchedAt] datetime2 NULL,
        [LeaseExpiresAt] datetime2 NULL,
        [LeaseOwner] nvarchar(200) NULL,
        [LeaseToken] bigint NOT NULL,
        [BadItemLimit] int NOT NULL,
        [PurgeMode] nvarchar(16) NOT NULL,
        CONSTRAINT [PK_Moves] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [Nicknames] (
        [Id] int NOT NULL IDENTITY,
        [UserId] nvarchar(256) NOT NULL,
        [PostOfficeId] int NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [MoveId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_Nicknames] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [PostOffices] (
        [Id] int NOT NULL IDENTITY,
        [Name] nvarchar(128) NOT NULL,
        [Domain] nvarchar(128) NOT NULL,
        [Kind] nvarchar(16) NOT NULL,
        [RootPath] nvarchar(1024) NULL,
        [Host] nvarchar(255) NULL,
        [Port] int NULL,
        [Security] nvarchar(16) NOT NULL,
        [AdminUser] nvarchar(256) NULL,
        [ProtectedAdminPassword] nvarchar(4000) NULL,
        [SkipCertificateValidation] bit NOT NULL,
        [SievePort] int NULL,
        [MaxConcurrentMoves] int NOT NULL,
        CONSTRAINT [PK_PostOffices] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(450) NOT NULL,
        [ProviderKey] nvarchar(450) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] nvarchar(450) NOT NULL,
        [RoleId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] nvarchar(450) NOT NULL,
        [LoginProvider] nvarchar(450) NOT NULL,
        [Name] nvarchar(450) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [InventoryItems] (
        [Id] bigint NOT NULL IDENTITY,
        [MoveId] uniqueidentifier NOT NULL,
        [Sequence] bigint NOT NULL,
        [Kind] nvarchar(16) NOT NULL,
        [FolderPath] nvarchar(1024) NOT NULL,
        [SourceKey] nvarchar(512) NOT NULL,
        [Size] bigint NOT NULL,
        [Flags] int NOT NULL,
        [Keywords] nvarchar(2000) NOT NULL,
        [InternalDate] datetime2 NULL,
        [MessageId] nvarchar(1000) NULL,
        [Subject] nvarchar(500) NULL,
        [Sender] nvarchar(500) NULL,
        [Subscribed] bit NOT NULL,
        [SpecialUse] int NOT NULL,
        [FoundByFinalSync] bit NOT NULL,
        [InFlight] bit NOT NULL,
        [State] nvarchar(16) NOT NULL,
        [Attempts] int NOT NULL,
        [LastError] nvarchar(4000) NULL,
        [LastAttemptAt] datetime2 NULL,
        [SkippedBy] nvarchar(256) NULL,
        CONSTRAINT [PK_InventoryItems] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_InventoryItems_Moves_MoveId] FOREIGN KEY ([MoveId]) REFERENCES [Moves] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [MigratedItems] (
        [Id] bigint NOT NULL IDENTITY,
        [MoveId] uniqueidentifier NOT NULL,
        [InventoryItemId] bigint NOT NULL,
        [TargetFolder] nvarchar(1024) NOT NULL,
        [TargetKey] nvarchar(512) NOT NULL,
        [Size] bigint NOT NULL,
        [MovedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_MigratedItems] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_MigratedItems_Moves_MoveId] FOREIGN KEY ([MoveId]) REFERENCES [Moves] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [MoveEvents] (
        [Id] bigint NOT NULL IDENTITY,
        [MoveId] uniqueidentifier NOT NULL,
        [At] datetime2 NOT NULL,
        [Kind] nvarchar(32) NOT NULL,
        [Message] nvarchar(4000) NOT NULL,
        [Actor] nvarchar(256) NOT NULL,
        CONSTRAINT [PK_MoveEvents] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_MoveEvents_Moves_MoveId] FOREIGN KEY ([MoveId]) REFERENCES [Moves] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [MoveProgressSamples] (
        [Id] bigint NOT NULL IDENTITY,
        [MoveId] uniqueidentifier NOT NULL,
        [At] datetime2 NOT NULL,
        [ItemsMoved] int NOT NULL,
        [BytesMoved] bigint NOT NULL,
        CONSTRAINT [PK_MoveProgressSamples] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_MoveProgressSamples_Moves_MoveId] FOREIGN KEY ([MoveId]) REFERENCES [Moves] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [DirectoryUsers] (
        [Id] int NOT NULL IDENTITY,
        [UserId] nvarchar(256) NOT NULL,
        [DisplayName] nvarchar(256) NOT NULL,
        [Email] nvarchar(320) NULL,
        [PostOfficeId] int NOT NULL,
        [InTransit] bit NOT NULL,
        CONSTRAINT [PK_DirectoryUsers] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_DirectoryUsers_PostOffices_PostOfficeId] FOREIGN KEY ([PostOfficeId]) REFERENCES [PostOffices] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [MoveSlots] (
        [PostOfficeId] int NOT NULL,
        [SlotNumber] int NOT NULL,
        [MoveId] uniqueidentifier NULL,
        [ClaimedAt] datetime2 NULL,
        CONSTRAINT [PK_MoveSlots] PRIMARY KEY ([PostOfficeId], [SlotNumber]),
        CONSTRAINT [FK_MoveSlots_PostOffices_PostOfficeId] FOREIGN KEY ([PostOfficeId]) REFERENCES [PostOffices] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE TABLE [PendingCleanups] (
        [Id] bigint NOT NULL IDENTITY,
        [MoveId] uniqueidentifier NOT NULL,
        [UserId] nvarchar(256) NOT NULL,
        [PostOfficeId] int NOT NULL,
        [State] nvarchar(16) NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [RetryUntil] datetime2 NOT NULL,
        [NextAttemptAt] datetime2 NULL,
        [Attempts] int NOT NULL,
        [LastError] nvarchar(4000) NOT NULL,
        [LastAttemptAt] datetime2 NULL,
        [CompletedAt] datetime2 NULL,
        [RetriedBy] nvarchar(256) NULL,
        CONSTRAINT [PK_PendingCleanups] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PendingCleanups_Moves_MoveId] FOREIGN KEY ([MoveId]) REFERENCES [Moves] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_PendingCleanups_PostOffices_PostOfficeId] FOREIGN KEY ([PostOfficeId]) REFERENCES [PostOffices] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ApiKeys_KeyHash] ON [ApiKeys] ([KeyHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ApiKeys_Name] ON [ApiKeys] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_DirectoryUsers_PostOfficeId] ON [DirectoryUsers] ([PostOfficeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_DirectoryUsers_UserId] ON [DirectoryUsers] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_InventoryItems_MoveId_Kind_FolderPath_SourceKey] ON [InventoryItems] ([MoveId], [Kind], [FolderPath], [SourceKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_InventoryItems_MoveId_State_Sequence] ON [InventoryItems] ([MoveId], [State], [Sequence]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_MigratedItems_MoveId_InventoryItemId] ON [MigratedItems] ([MoveId], [InventoryItemId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_MoveChanges_At] ON [MoveChanges] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_MoveEvents_MoveId_Id] ON [MoveEvents] ([MoveId], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_MoveLogEntries_MoveId_Id] ON [MoveLogEntries] ([MoveId], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_MoveProgressSamples_MoveId_At] ON [MoveProgressSamples] ([MoveId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_Moves_ActiveUserId] ON [Moves] ([ActiveUserId]) WHERE [ActiveUserId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_Moves_Cleared_Status] ON [Moves] ([Cleared], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_Moves_LastActivityAt] ON [Moves] ([LastActivityAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_Moves_SourcePostOfficeId] ON [Moves] ([SourcePostOfficeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_Moves_TargetPostOfficeId] ON [Moves] ([TargetPostOfficeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_Moves_UserId] ON [Moves] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_MoveSlots_MoveId] ON [MoveSlots] ([MoveId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Nicknames_UserId_PostOfficeId] ON [Nicknames] ([UserId], [PostOfficeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_PendingCleanups_MoveId] ON [PendingCleanups] ([MoveId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_PendingCleanups_PostOfficeId] ON [PendingCleanups] ([PostOfficeId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE INDEX [IX_PendingCleanups_State_NextAttemptAt] ON [PendingCleanups] ([State], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PostOffices_Name] ON [PostOffices] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122171310_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261122171310_Initial', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204220336_AuditTrail'
)
BEGIN
    ALTER TABLE [ApiKeys] ADD [CreatedBy] nvarchar(256) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204220336_AuditTrail'
)
BEGIN
    CREATE TABLE [AuditEntries] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetime2 NOT NULL,
        [Actor] nvarchar(256) NOT NULL,
        [Action] nvarchar(64) NOT NULL,
        [Target] nvarchar(512) NOT NULL,
        [Details] nvarchar(4000) NULL,
        CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204220336_AuditTrail'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_Action_At] ON [AuditEntries] ([Action], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204220336_AuditTrail'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_Actor_At] ON [AuditEntries] ([Actor], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204220336_AuditTrail'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_At] ON [AuditEntries] ([At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204220336_AuditTrail'
)
BEGIN
    EXEC(N'CREATE TRIGGER [AuditEntries_NoUpdate] ON [AuditEntries] INSTEAD OF UPDATE AS
    BEGIN SET NOCOUNT ON; THROW 50001, N''Audit entries cannot be changed.'', 1; END');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204220336_AuditTrail'
)
BEGIN
    EXEC(N'CREATE TRIGGER [AuditEntries_NoDelete] ON [AuditEntries] INSTEAD OF DELETE AS
    BEGIN SET NOCOUNT ON; THROW 50002, N''Audit entries cannot be deleted.'', 1; END');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204220336_AuditTrail'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204220336_AuditTrail', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205005446_PostOfficeSite'
)
BEGIN
    ALTER TABLE [PostOffices] ADD [Site] nvarchar(64) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205005446_PostOfficeSite'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205005446_PostOfficeSite', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030438_PostOfficeSchedules'
)
BEGIN
    ALTER TABLE [PostOffices] ADD [MaxBytesPerSecond] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030438_PostOfficeSchedules'
)
BEGIN
    ALTER TABLE [PostOffices] ADD [TimeZone] nvarchar(64) NOT NULL DEFAULT N'UTC';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030438_PostOfficeSchedules'
)
BEGIN
    ALTER TABLE [PostOffices] ADD [Windows] nvarchar(2000) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030438_PostOfficeSchedules'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205030438_PostOfficeSchedules', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205035452_AddBatches'
)
BEGIN
    ALTER TABLE [Moves] ADD [BatchId] uniqueidentifier NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205035452_AddBatches'
)
BEGIN
    ALTER TABLE [Moves] ADD [Priority] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205035452_AddBatches'
)
BEGIN
    CREATE TABLE [Batches] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [CreatedBy] nvarchar(256) NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [StartAt] datetime2 NULL,
        CONSTRAINT [PK_Batches] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205035452_AddBatches'
)
BEGIN
    CREATE INDEX [IX_Moves_BatchId] ON [Moves] ([BatchId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205035452_AddBatches'
)
BEGIN
    CREATE INDEX [IX_Batches_CreatedAt] ON [Batches] ([CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205035452_AddBatches'
)
BEGIN
    ALTER TABLE [Moves] ADD CONSTRAINT [FK_Moves_Batches_BatchId] FOREIGN KEY ([BatchId]) REFERENCES [Batches] ([Id]) ON DELETE NO ACTION;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205035452_AddBatches'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205035452_AddBatches', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042315_BatchWindows'
)
BEGIN
    ALTER TABLE [Batches] ADD [TimeZone] nvarchar(64) NOT NULL DEFAULT N'UTC';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042315_BatchWindows'
)
BEGIN
    ALTER TABLE [Batches] ADD [Windows] nvarchar(2000) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205042315_BatchWindows'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205042315_BatchWindows', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060620_AddNotifications'
)
BEGIN
    CREATE TABLE [NotificationOutbox] (
        [Id] bigint NOT NULL IDENTITY,
        [Kind] nvarchar(64) NOT NULL,
        [AboutId] nvarchar(100) NOT NULL,
        [EventKey] nvarchar(100) NOT NULL,
        [MoveEventId] bigint NULL,
        [To] nvarchar(2000) NOT NULL,
        [Cc] nvarchar(2000) NOT NULL,
        [Subject] nvarchar(500) NOT NULL,
        [Body] nvarchar(max) NOT NULL,
        [State] nvarchar(16) NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [NextAttemptAt] datetime2 NOT NULL,
        [Attempts] int NOT NULL,
        [LastError] nvarchar(2000) NULL,
        [SentAt] datetime2 NULL,
        CONSTRAINT [PK_NotificationOutbox] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060620_AddNotifications'
)
BEGIN
    CREATE TABLE [NotificationSettings] (
        [Id] int NOT NULL,
        [Enabled] bit NOT NULL,
        [SmtpHost] nvarchar(255) NOT NULL,
        [SmtpPort] int NOT NULL,
        [SmtpSecurity] nvarchar(16) NOT NULL,
        [SmtpUser] nvarchar(256) NULL,
        [SmtpPasswordProtected] nvarchar(2000) NULL,
        [FromAddress] nvarchar(320) NOT NULL,
        [AdminAddresses] nvarchar(2000) NOT NULL,
        [HelpdeskAddresses] nvarchar(2000) NOT NULL,
        [WhomToCall] nvarchar(1000) NOT NULL,
        [EnabledSince] datetime2 NOT NULL,
        [UpdatedAt] datetime2 NOT NULL,
        [UpdatedBy] nvarchar(256) NOT NULL,
        CONSTRAINT [PK_NotificationSettings] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060620_AddNotifications'
)
BEGIN
    CREATE TABLE [NotificationTemplates] (
        [Kind] nvarchar(64) NOT NULL,
        [Enabled] bit NOT NULL,
        [CopyHelpdesk] bit NOT NULL,
        [Subject] nvarchar(500) NOT NULL,
        [Body] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_NotificationTemplates] PRIMARY KEY ([Kind])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060620_AddNotifications'
)
BEGIN
    CREATE UNIQUE INDEX [IX_NotificationOutbox_Kind_AboutId_EventKey] ON [NotificationOutbox] ([Kind], [AboutId], [EventKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060620_AddNotifications'
)
BEGIN
    CREATE INDEX [IX_NotificationOutbox_MoveEventId] ON [NotificationOutbox] ([MoveEventId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060620_AddNotifications'
)
BEGIN
    CREATE INDEX [IX_NotificationOutbox_State_NextAttemptAt] ON [NotificationOutbox] ([State], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060620_AddNotifications'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205060620_AddNotifications', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060920_AddMoveGrades'
)
BEGIN
    ALTER TABLE [Moves] ADD [Grade] nvarchar(16) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060920_AddMoveGrades'
)
BEGIN
    ALTER TABLE [Moves] ADD [ItemsApproved] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060920_AddMoveGrades'
)
BEGIN
    ALTER TABLE [Moves] ADD [ItemsAwaitingApproval] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060920_AddMoveGrades'
)
BEGIN
    ALTER TABLE [Moves] ADD [SkipsApprovedAt] datetime2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060920_AddMoveGrades'
)
BEGIN
    ALTER TABLE [Moves] ADD [SkipsApprovedBy] nvarchar(256) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060920_AddMoveGrades'
)
BEGIN
    ALTER TABLE [InventoryItems] ADD [Category] nvarchar(32) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060920_AddMoveGrades'
)
BEGIN
    ALTER TABLE [InventoryItems] ADD [ServerWords] nvarchar(4000) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060920_AddMoveGrades'
)
BEGIN
    ALTER TABLE [InventoryItems] ADD [SkipChosenByAdmin] bit NOT NULL DEFAULT CAST(0 AS bit);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205060920_AddMoveGrades'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205060920_AddMoveGrades', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205071416_AddCopyFirst'
)
BEGIN
    ALTER TABLE [Moves] ADD [CompleteAfter] datetime2 NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205071416_AddCopyFirst'
)
BEGIN
    ALTER TABLE [Moves] ADD [IncrementalSyncInterval] time NOT NULL DEFAULT '00:00:00';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205071416_AddCopyFirst'
)
BEGIN
    ALTER TABLE [Moves] ADD [Mode] nvarchar(16) NOT NULL DEFAULT N'SwitchFirst';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205071416_AddCopyFirst'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205071416_AddCopyFirst', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205084533_AddFolderSyncMarks'
)
BEGIN
    ALTER TABLE [InventoryItems] ADD [SyncMark] nvarchar(100) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205084533_AddFolderSyncMarks'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205084533_AddFolderSyncMarks', N'10.0.14');
END;

COMMIT;
GO

