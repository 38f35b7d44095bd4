using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MoveCenter.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddMoveGrades : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Grade",
                table: "Moves",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ItemsApproved",
                table: "Moves",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ItemsAwaitingApproval",
                table: "Moves",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "SkipsApprovedAt",
                table: "Moves",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SkipsApprovedBy",
                table: "Moves",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "InventoryItems",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ServerWords",
                table: "InventoryItems",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SkipChosenByAdmin",
                table: "InventoryItems",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Grade",
                table: "Moves");

            migrationBuilder.DropColumn(
                name: "ItemsApproved",
                table: "Moves");

            migrationBuilder.DropColumn(
                name: "ItemsAwaitingApproval",
                table: "Moves");

            migrationBuilder.DropColumn(
                name: "SkipsApprovedAt",
                table: "Moves");

            migrationBuilder.DropColumn(
                name: "SkipsApprovedBy",
                table: "Moves");

            migrationBuilder.DropColumn(
                name: "Category",
                table: "InventoryItems");

            migrationBuilder.DropColumn(
                name: "ServerWords",
                table: "InventoryItems");

            migrationBuilder.DropColumn(
                name: "SkipChosenByAdmin",
                table: "InventoryItems");
        }
    }
}
