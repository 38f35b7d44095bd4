CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "ApiKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ApiKeys" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "KeyHash" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "LastUsedAt" TEXT NULL,
    "Revoked" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE IF NOT EXISTS "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "DisplayName" TEXT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS "DataProtectionKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);

CREATE TABLE IF NOT EXISTS "MoveChanges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MoveChanges" PRIMARY KEY AUTOINCREMENT,
    "MoveId" TEXT NOT NULL,
    "At" TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS "MoveLogEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MoveLogEntries" PRIMARY KEY AUTOINCREMENT,
    "MoveId" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "Level" TEXT NOT NULL,
    "Message" TEXT NOT NULL,
    "Exception" TEXT NULL,
    "Source" TEXT NULL
);

CREATE TABLE IF NOT EXISTS "Moves" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Moves" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "SourcePostOfficeId" INTEGER NOT NULL,
    "TargetPostOfficeId" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Phase" TEXT NOT NULL,
    "RequestedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "StartedAt" TEXT NULL,
    "FinishedAt" TEXT NULL,
    "LastActivityAt" TEXT NOT NULL,
    "NotBefore" TEXT NULL,
    "WaitReason" TEXT NULL,
    "RetryCause" TEXT NULL,
    "RetryAttempt" INTEGER NOT NULL,
    "LastError" TEXT NULL,
    "Restarts" INTEGER NOT NULL,
    "RestartWithPriority" INTEGER NOT NULL,
    "Cleared" INTEGER NOT NULL,
    "ActiveUserId" TEXT NULL,
    "InventoryTakenAt" TEXT NULL,
    "InventoryTotal" INTEGER NOT NULL,
    "ItemsMoved" INTEGER NOT NULL,
    "ItemsSkipped" INTEGER NOT NULL,
    "BytesTotal" INTEGER NOT NULL,
    "BytesMoved" INTEGER NOT NULL,
    "RecentBytesPerSecond" REAL NOT NULL,
    "LastSampleAt" TEXT NULL,
    "LastSampleBytes" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "DispatchedAt" TEXT NULL,
    "LeaseExpiresAt" TEXT NULL,
    "LeaseOwner" TEXT NULL,
    "LeaseToken" INTEGER NOT NULL,
    "BadItemLimit" INTEGER NOT NULL,
    "PurgeMode" TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS "Nicknames" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Nicknames" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "PostOfficeId" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "MoveId" TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS "PostOffices" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PostOffices" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Domain" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "RootPath" TEXT NULL,
    "Host" TEXT NULL,
    "Port" INTEGER NULL,
    "Security" TEXT NOT NULL,
    "AdminUser" TEXT NULL,
    "ProtectedAdminPassword" TEXT NULL,
    "SkipCertificateValidation" INTEGER NOT NULL,
    "SievePort" INTEGER NULL,
    "MaxConcurrentMoves" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "InventoryItems" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_InventoryItems" PRIMARY KEY AUTOINCREMENT,
    "MoveId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "FolderPath" TEXT NOT NULL,
    "SourceKey" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Flags" INTEGER NOT NULL,
    "Keywords" TEXT NOT NULL,
    "InternalDate" TEXT NULL,
    "MessageId" TEXT NULL,
    "Subject" TEXT NULL,
    "Sender" TEXT NULL,
    "Subscribed" INTEGER NOT NULL,
    "SpecialUse" INTEGER NOT NULL,
    "FoundByFinalSync" INTEGER NOT NULL,
    "InFlight" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "LastError" TEXT NULL,
    "LastAttemptAt" TEXT NULL,
    "SkippedBy" TEXT NULL,
    CONSTRAINT "FK_InventoryItems_Moves_MoveId" FOREIGN KEY ("MoveId") REFERENCES "Moves" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "MigratedItems" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MigratedItems" PRIMARY KEY AUTOINCREMENT,
    "MoveId" TEXT NOT NULL,
    "InventoryItemId" INTEGER NOT NULL,
    "TargetFolder" TEXT NOT NULL,
    "TargetKey" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "MovedAt" TEXT NOT NULL,
    CONSTRAINT "FK_MigratedItems_Moves_MoveId" FOREIGN KEY ("MoveId") REFERENCES "Moves" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "MoveEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MoveEvents" PRIMARY KEY AUTOINCREMENT,
    "MoveId" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Message" TEXT NOT NULL,
    "Actor" TEXT NOT NULL,
    CONSTRAINT "FK_MoveEvents_Moves_MoveId" FOREIGN KEY ("MoveId") REFERENCES "Moves" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "MoveProgressSamples" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MoveProgressSamples" PRIMARY KEY AUTOINCREMENT,
    "MoveId" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "ItemsMoved" INTEGER NOT NULL,
    "BytesMoved" INTEGER NOT NULL,
    CONSTRAINT "FK_MoveProgressSamples_Moves_MoveId" FOREIGN KEY ("MoveId") REFERENCES "Moves" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "DirectoryUsers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DirectoryUsers" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "Email" TEXT NULL,
    "PostOfficeId" INTEGER NOT NULL,
    "InTransit" INTEGER NOT NULL,
    CONSTRAINT "FK_DirectoryUsers_PostOffices_PostOfficeId" FOREIGN KEY ("PostOfficeId") REFERENCES "PostOffices" ("Id") ON DELETE RESTRICT
);

CREATE TABLE IF NOT EXISTS "MoveSlots" (
    "PostOfficeId" INTEGER NOT NULL,
    "SlotNumber" INTEGER NOT NULL,
    "MoveId" TEXT NULL,
    "ClaimedAt" TEXT NULL,
    CONSTRAINT "PK_MoveSlots" PRIMARY KEY ("PostOfficeId", "SlotNumber"),
    CONSTRAINT "FK_MoveSlots_PostOffices_PostOfficeId" FOREIGN KEY ("PostOfficeId") REFERENCES "PostOffices" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "PendingCleanups" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PendingCleanups" PRIMARY KEY AUTOINCREMENT,
    "MoveId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "PostOfficeId" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "RetryUntil" TEXT NOT NULL,
    "NextAttemptAt" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "LastError" TEXT NOT NULL,
    "LastAttemptAt" TEXT NULL,
    "CompletedAt" TEXT NULL,
    "RetriedBy" TEXT NULL,
    CONSTRAINT "FK_PendingCleanups_Moves_MoveId" FOREIGN KEY ("MoveId") REFERENCES "Moves" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_PendingCleanups_PostOffices_PostOfficeId" FOREIGN KEY ("PostOfficeId") REFERENCES "PostOffices" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX IF NOT EXISTS "IX_ApiKeys_KeyHash" ON "ApiKeys" ("KeyHash");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_ApiKeys_Name" ON "ApiKeys" ("Name");

CREATE INDEX IF NOT EXISTS "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

CREATE UNIQUE INDEX IF NOT EXISTS "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

CREATE INDEX IF NOT EXISTS "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX IF NOT EXISTS "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX IF NOT EXISTS "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

CREATE INDEX IF NOT EXISTS "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE UNIQUE INDEX IF NOT EXISTS "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

CREATE INDEX IF NOT EXISTS "IX_DirectoryUsers_PostOfficeId" ON "DirectoryUsers" ("PostOfficeId");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_DirectoryUsers_UserId" ON "DirectoryUsers" ("UserId");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_InventoryItems_MoveId_Kind_FolderPath_SourceKey" ON "InventoryItems" ("MoveId", "Kind", "FolderPath", "SourceKey");

CREATE INDEX IF NOT EXISTS "IX_InventoryItems_MoveId_State_Sequence" ON "InventoryItems" ("MoveId", "State", "Sequence");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_MigratedItems_MoveId_InventoryItemId" ON "MigratedItems" ("MoveId", "InventoryItemId");

CREATE INDEX IF NOT EXISTS "IX_MoveChanges_At" ON "MoveChanges" ("At");

CREATE INDEX IF NOT EXISTS "IX_MoveEvents_MoveId_Id" ON "MoveEvents" ("MoveId", "Id");

CREATE INDEX IF NOT EXISTS "IX_MoveLogEntries_MoveId_Id" ON "MoveLogEntries" ("MoveId", "Id");

CREATE INDEX IF NOT EXISTS "IX_MoveProgressSamples_MoveId_At" ON "MoveProgressSamples" ("MoveId", "At");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_Moves_ActiveUserId" ON "Moves" ("ActiveUserId");

CREATE INDEX IF NOT EXISTS "IX_Moves_Cleared_Status" ON "Moves" ("Cleared", "Status");

CREATE INDEX IF NOT EXISTS "IX_Moves_LastActivityAt" ON "Moves" ("LastActivityAt");

CREATE INDEX IF NOT EXISTS "IX_Moves_SourcePostOfficeId" ON "Moves" ("SourcePostOfficeId");

CREATE INDEX IF NOT EXISTS "IX_Moves_TargetPostOfficeId" ON "Moves" ("TargetPostOfficeId");

CREATE INDEX IF NOT EXISTS "IX_Moves_UserId" ON "Moves" ("UserId");

CREATE INDEX IF NOT EXISTS "IX_MoveSlots_MoveId" ON "MoveSlots" ("MoveId");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_Nicknames_UserId_PostOfficeId" ON "Nicknames" ("UserId", "PostOfficeId");

CREATE INDEX IF NOT EXISTS "IX_PendingCleanups_MoveId" ON "PendingCleanups" ("MoveId");

CREATE INDEX IF NOT EXISTS "IX_PendingCleanups_PostOfficeId" ON "PendingCleanups" ("PostOfficeId");

CREATE INDEX IF NOT EXISTS "IX_PendingCleanups_State_NextAttemptAt" ON "PendingCleanups" ("State", "NextAttemptAt");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_PostOffices_Name" ON "PostOffices" ("Name");

INSERT OR IGNORE INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122171240_Initial', '10.0.14');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "ApiKeys" ADD "CreatedBy" TEXT NULL;

CREATE TABLE IF NOT EXISTS "AuditEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
    "At" TEXT NOT NULL,
    "Actor" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NOT NULL,
    "Details" TEXT NULL
);

CREATE INDEX IF NOT EXISTS "IX_AuditEntries_Action_At" ON "AuditEntries" ("Action", "At");

CREATE INDEX IF NOT EXISTS "IX_AuditEntries_Actor_At" ON "AuditEntries" ("Actor", "At");

CREATE INDEX IF NOT EXISTS "IX_AuditEntries_At" ON "AuditEntries" ("At");

CREATE TRIGGER IF NOT EXISTS "AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries"
BEGIN SELECT RAISE(ABORT, 'Audit entries cannot be changed.'); END;

CREATE TRIGGER IF NOT EXISTS "AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries"
BEGIN SELECT RAISE(ABORT, 'Audit entries cannot be deleted.'); END;

INSERT OR IGNORE INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261204220301_AuditTrail', '10.0.14');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "PostOffices" ADD "Site" TEXT NULL;

INSERT OR IGNORE INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205005423_PostOfficeSite', '10.0.14');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "PostOffices" ADD "MaxBytesPerSecond" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "PostOffices" ADD "TimeZone" TEXT NOT NULL DEFAULT 'UTC';

ALTER TABLE "PostOffices" ADD "Windows" TEXT NULL;

INSERT OR IGNORE INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205030427_PostOfficeSchedules', '10.0.14');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Moves" ADD "BatchId" TEXT NULL;

ALTER TABLE "Moves" ADD "Priority" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS "Batches" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Batches" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "StartAt" TEXT NULL
);

CREATE INDEX IF NOT EXISTS "IX_Moves_BatchId" ON "Moves" ("BatchId");

CREATE INDEX IF NOT EXISTS "IX_Batches_CreatedAt" ON "Batches" ("CreatedAt");

CREATE TABLE IF NOT EXISTS "ef_temp_Moves" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Moves" PRIMARY KEY,
    "ActiveUserId" TEXT NULL,
    "BadItemLimit" INTEGER NOT NULL,
    "BatchId" TEXT NULL,
    "BytesMoved" INTEGER NOT NULL,
    "BytesTotal" INTEGER NOT NULL,
    "Cleared" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "DispatchedAt" TEXT NULL,
    "FinishedAt" TEXT NULL,
    "InventoryTakenAt" TEXT NULL,
    "InventoryTotal" INTEGER NOT NULL,
    "ItemsMoved" INTEGER NOT NULL,
    "ItemsSkipped" INTEGER NOT NULL,
    "LastActivityAt" TEXT NOT NULL,
    "LastError" TEXT NULL,
    "LastSampleAt" TEXT NULL,
    "LastSampleBytes" INTEGER NOT NULL,
    "LeaseExpiresAt" TEXT NULL,
    "LeaseOwner" TEXT NULL,
    "LeaseToken" INTEGER NOT NULL,
    "NotBefore" TEXT NULL,
    "Phase" TEXT NOT NULL,
    "Priority" INTEGER NOT NULL,
    "PurgeMode" TEXT NOT NULL,
    "RecentBytesPerSecond" REAL NOT NULL,
    "RequestedBy" TEXT NOT NULL,
    "RestartWithPriority" INTEGER NOT NULL,
    "Restarts" INTEGER NOT NULL,
    "RetryAttempt" INTEGER NOT NULL,
    "RetryCause" TEXT NULL,
    "SourcePostOfficeId" INTEGER NOT NULL,
    "StartedAt" TEXT NULL,
    "Status" TEXT NOT NULL,
    "TargetPostOfficeId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "WaitReason" TEXT NULL,
    CONSTRAINT "FK_Moves_Batches_BatchId" FOREIGN KEY ("BatchId") REFERENCES "Batches" ("Id") ON DELETE RESTRICT
);

INSERT INTO "ef_temp_Moves" ("Id", "ActiveUserId", "BadItemLimit", "BatchId", "BytesMoved", "BytesTotal", "Cleared", "CreatedAt", "DispatchedAt", "FinishedAt", "InventoryTakenAt", "InventoryTotal", "ItemsMoved", "ItemsSkipped", "LastActivityAt", "LastError", "LastSampleAt", "LastSampleBytes", "LeaseExpiresAt", "LeaseOwner", "LeaseToken", "NotBefore", "Phase", "Priority", "PurgeMode", "RecentBytesPerSecond", "RequestedBy", "RestartWithPriority", "Restarts", "RetryAttempt", "RetryCause", "SourcePostOfficeId", "StartedAt", "Status", "TargetPostOfficeId", "UserId", "Version", "WaitReason")
SELECT "Id", "ActiveUserId", "BadItemLimit", "BatchId", "BytesMoved", "BytesTotal", "Cleared", "CreatedAt", "DispatchedAt", "FinishedAt", "InventoryTakenAt", "InventoryTotal", "ItemsMoved", "ItemsSkipped", "LastActivityAt", "LastError", "LastSampleAt", "LastSampleBytes", "LeaseExpiresAt", "LeaseOwner", "LeaseToken", "NotBefore", "Phase", "Priority", "PurgeMode", "RecentBytesPerSecond", "RequestedBy", "RestartWithPriority", "Restarts", "RetryAttempt", "RetryCause", "SourcePostOfficeId", "StartedAt", "Status", "TargetPostOfficeId", "UserId", "Version", "WaitReason"
FROM "Moves";

COMMIT;

PRAGMA foreign_keys = 0;

BEGIN TRANSACTION;
DROP TABLE "Moves";

ALTER TABLE "ef_temp_Moves" RENAME TO "Moves";

COMMIT;

PRAGMA foreign_keys = 1;

BEGIN TRANSACTION;
CREATE UNIQUE INDEX IF NOT EXISTS "IX_Moves_ActiveUserId" ON "Moves" ("ActiveUserId");

CREATE INDEX IF NOT EXISTS "IX_Moves_BatchId" ON "Moves" ("BatchId");

CREATE INDEX IF NOT EXISTS "IX_Moves_Cleared_Status" ON "Moves" ("Cleared", "Status");

CREATE INDEX IF NOT EXISTS "IX_Moves_LastActivityAt" ON "Moves" ("LastActivityAt");

CREATE INDEX IF NOT EXISTS "IX_Moves_SourcePostOfficeId" ON "Moves" ("SourcePostOfficeId");

CREATE INDEX IF NOT EXISTS "IX_Moves_TargetPostOfficeId" ON "Moves" ("TargetPostOfficeId");

CREATE INDEX IF NOT EXISTS "IX_Moves_UserId" ON "Moves" ("UserId");

COMMIT;

INSERT OR IGNORE INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205035440_AddBatches', '10.0.14');

BEGIN TRANSACTION;
ALTER TABLE "Batches" ADD "TimeZone" TEXT NOT NULL DEFAULT 'UTC';

ALTER TABLE "Batches" ADD "Windows" TEXT NULL;

INSERT OR IGNORE INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205042303_BatchWindows', '10.0.14');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "NotificationOutbox" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_NotificationOutbox" PRIMARY KEY AUTOINCREMENT,
    "Kind" TEXT NOT NULL,
    "AboutId" TEXT NOT NULL,
    "EventKey" TEXT NOT NULL,
    "MoveEventId" INTEGER NULL,
    "To" TEXT NOT NULL,
    "Cc" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "NextAttemptAt" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "LastError" TEXT NULL,
    "SentAt" TEXT NULL
);

CREATE TABLE IF NOT EXISTS "NotificationSettings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_NotificationSettings" PRIMARY KEY,
    "Enabled" INTEGER NOT NULL,
    "SmtpHost" TEXT NOT NULL,
    "SmtpPort" INTEGER NOT NULL,
    "SmtpSecurity" TEXT NOT NULL,
    "SmtpUser" TEXT NULL,
    "SmtpPasswordProtected" TEXT NULL,
    "FromAddress" TEXT NOT NULL,
    "AdminAddresses" TEXT NOT NULL,
    "HelpdeskAddresses" TEXT NOT NULL,
    "WhomToCall" TEXT NOT NULL,
    "EnabledSince" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS "NotificationTemplates" (
    "Kind" TEXT NOT NULL CONSTRAINT "PK_NotificationTemplates" PRIMARY KEY,
    "Enabled" INTEGER NOT NULL,
    "CopyHelpdesk" INTEGER NOT NULL,
    "Subject" TEXT NOT NULL,
    "Body" TEXT NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS "IX_NotificationOutbox_Kind_AboutId_EventKey" ON "NotificationOutbox" ("Kind", "AboutId", "EventKey");

CREATE INDEX IF NOT EXISTS "IX_NotificationOutbox_MoveEventId" ON "NotificationOutbox" ("MoveEventId");

CREATE INDEX IF NOT EXISTS "IX_NotificationOutbox_State_NextAttemptAt" ON "NotificationOutbox" ("State", "NextAttemptAt");

INSERT OR IGNORE INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205060554_AddNotifications', '10.0.14');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Moves" ADD "Grade" TEXT NULL;

ALTER TABLE "Moves" ADD "ItemsApproved" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "Moves" ADD "ItemsAwaitingApproval" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "Moves" ADD "SkipsApprovedAt" TEXT NULL;

ALTER TABLE "Moves" ADD "SkipsApprovedBy" TEXT NULL;

ALTER TABLE "InventoryItems" ADD "Category" TEXT NULL;

ALTER TABLE "InventoryItems" ADD "ServerWords" TEXT NULL;

ALTER TABLE "InventoryItems" ADD "SkipChosenByAdmin" INTEGER NOT NULL DEFAULT 0;

INSERT OR IGNORE INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205060901_AddMoveGrades', '10.0.14');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Moves" ADD "CompleteAfter" TEXT NULL;

ALTER TABLE "Moves" ADD "IncrementalSyncInterval" TEXT NOT NULL DEFAULT '1.00:00:00';

ALTER TABLE "Moves" ADD "Mode" TEXT NOT NULL DEFAULT 'SwitchFirst';

INSERT OR IGNORE INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205071409_AddCopyFirst', '10.0.14');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "InventoryItems" ADD "SyncMark" TEXT NULL;

INSERT OR IGNORE INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205084518_AddFolderSyncMarks', '10.0.14');

COMMIT;

