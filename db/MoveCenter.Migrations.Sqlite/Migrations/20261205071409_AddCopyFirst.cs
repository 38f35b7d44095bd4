using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MoveCenter.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddCopyFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CompleteAfter",
                table: "Moves",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "IncrementalSyncInterval",
                table: "Moves",
                type: "TEXT",
                nullable: false,
                defaultValue: new TimeSpan(1, 0, 0, 0, 0));

            migrationBuilder.AddColumn<string>(
                name: "Mode",
                table: "Moves",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "SwitchFirst");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CompleteAfter",
                table: "Moves");

            migrationBuilder.DropColumn(
                name: "IncrementalSyncInterval",
                table: "Moves");

            migrationBuilder.DropColumn(
                name: "Mode",
                table: "Moves");
        }
    }
}
