using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MoveCenter.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PostOfficeSite : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Site",
                table: "PostOffices",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Site",
                table: "PostOffices");
        }
    }
}
