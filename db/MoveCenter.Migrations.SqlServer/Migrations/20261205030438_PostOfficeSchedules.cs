using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MoveCenter.Migrations.SqlServer.Migrations
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
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "PostOffices",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "UTC");

            migrationBuilder.AddColumn<string>(
                name: "Windows",
                table: "PostOffices",
                type: "nvarchar(2000)",
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
