using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MoveCenter.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PostOfficeSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "MaxBytesPerSecond",
                table: "PostOffices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "PostOffices",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "UTC");

            migrationBuilder.AddColumn<string>(
                name: "Windows",
                table: "PostOffices",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MaxBytesPerSecond",
                table: "PostOffices");

            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "PostOffices");

            migrationBuilder.DropColumn(
                name: "Windows",
                table: "PostOffices");
        }
    }
}
