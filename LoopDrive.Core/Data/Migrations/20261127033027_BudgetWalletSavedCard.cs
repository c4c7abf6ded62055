using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BudgetWalletSavedCard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "stripe_customer_id",
                table: "wallets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "stripe_payment_method_id",
                table: "wallets",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "stripe_customer_id",
                table: "wallets");

            migrationBuilder.DropColumn(
                name: "stripe_payment_method_id",
                table: "wallets");
        }
    }
}
