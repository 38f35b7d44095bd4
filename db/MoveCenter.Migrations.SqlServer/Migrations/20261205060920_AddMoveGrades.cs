using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MoveCenter.Migrations.SqlServer.Migrations
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
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ItemsApproved",
                table: "Moves",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ItemsAwaitingApproval",
                table: "Moves",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "SkipsApprovedAt",
                table: "Moves",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SkipsApprovedBy",
                table: "Moves",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "InventoryItems",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ServerWords",
                table: "InventoryItems",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SkipChosenByAdmin",
                table: "InventoryItems",
                type: "bit",
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
