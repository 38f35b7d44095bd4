using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MoveCenter.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NotificationOutbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AboutId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EventKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MoveEventId = table.Column<long>(type: "INTEGER", nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Cc = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationOutbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NotificationSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    SmtpHost = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    SmtpPort = table.Column<int>(type: "INTEGER", nullable: false),
                    SmtpSecurity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SmtpUser = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    SmtpPasswordProtected = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FromAddress = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    AdminAddresses = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    HelpdeskAddresses = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    WhomToCall = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    EnabledSince = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NotificationTemplates",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CopyHelpdesk = table.Column<bool>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationTemplates", x => x.Kind);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NotificationOutbox_Kind_AboutId_EventKey",
                table: "NotificationOutbox",
                columns: new[] { "Kind", "AboutId", "EventKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NotificationOutbox_MoveEventId",
                table: "NotificationOutbox",
                column: "MoveEventId");

            migrationBuilder.CreateIndex(
                name: "IX_NotificationOutbox_State_NextAttemptAt",
                table: "NotificationOutbox",
                columns: new[] { "State", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NotificationOutbox");

            migrationBuilder.DropTable(
                name: "NotificationSettings");

            migrationBuilder.DropTable(
                name: "NotificationTemplates");
        }
    }
}
