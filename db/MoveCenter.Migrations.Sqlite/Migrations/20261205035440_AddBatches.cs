using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MoveCenter.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "BatchId",
                table: "Moves",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Priority",
                table: "Moves",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Batches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Batches", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Moves_BatchId",
                table: "Moves",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_Batches_CreatedAt",
                table: "Batches",
                column: "CreatedAt");

            migrationBuilder.AddForeignKey(
                name: "FK_Moves_Batches_BatchId",
                table: "Moves",
                column: "BatchId",
                principalTable: "Batches",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Moves_Batches_BatchId",
                table: "Moves");

            migrationBuilder.DropTable(
                name: "Batches");

            migrationBuilder.DropIndex(
                name: "IX_Moves_BatchId",
                table: "Moves");

            migrationBuilder.DropColumn(
                name: "BatchId",
                table: "Moves");

            migrationBuilder.DropColumn(
                name: "Priority",
                table: "Moves");
        }
    }
}
