using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Bai.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCompositeKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alembic_version",
                columns: table => new
                {
                    version_num = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("alembic_version_pkc", x => x.version_num);
                });

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    email = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    phone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    billing_address = table.Column<string>(type: "text", nullable: true),
                    tax_number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    notes = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customers", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "item_categories",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    parent_account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    parent_id = table.Column<long>(type: "bigint", nullable: true),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_item_categories", x => new { x.account_id, x.id });
                    table.CheckConstraint("ck_item_categories_parent_id_pair", "(parent_account_id IS NULL) = (parent_id IS NULL)");
                    table.CheckConstraint("ck_item_categories_parent_id_same_account", "parent_account_id = account_id");
                    table.ForeignKey(
                        name: "fk_item_categories_parent_id",
                        columns: x => new { x.parent_account_id, x.parent_id },
                        principalTable: "item_categories",
                        principalColumns: new[] { "account_id", "id" });
                });

            migrationBuilder.CreateTable(
                name: "organizations",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    legal_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    tax_number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    address = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organizations", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateTable(
                name: "items",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    category_account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    category_id = table.Column<long>(type: "bigint", nullable: true),
                    sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    unit_price = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    tax_rate = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_items", x => new { x.account_id, x.id });
                    table.CheckConstraint("ck_items_category_id_pair", "(category_account_id IS NULL) = (category_id IS NULL)");
                    table.CheckConstraint("ck_items_category_id_same_account", "category_account_id = account_id");
                    table.ForeignKey(
                        name: "fk_items_category_id",
                        columns: x => new { x.category_account_id, x.category_id },
                        principalTable: "item_categories",
                        principalColumns: new[] { "account_id", "id" });
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    organization_account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    organization_id = table.Column<long>(type: "bigint", nullable: true),
                    email = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    full_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    hashed_password = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    last_login_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => new { x.account_id, x.id });
                    table.CheckConstraint("ck_users_organization_id_pair", "(organization_account_id IS NULL) = (organization_id IS NULL)");
                    table.CheckConstraint("ck_users_organization_id_same_account", "organization_account_id = account_id");
                    table.ForeignKey(
                        name: "fk_users_organization_id",
                        columns: x => new { x.organization_account_id, x.organization_id },
                        principalTable: "organizations",
                        principalColumns: new[] { "account_id", "id" });
                });

            migrationBuilder.CreateTable(
                name: "invoices",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    customer_account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    invoice_number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    issue_date = table.Column<DateOnly>(type: "date", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    subtotal = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    tax_total = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    total = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    notes = table.Column<string>(type: "text", nullable: true),
                    created_by_account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_by_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoices", x => new { x.account_id, x.id });
                    table.CheckConstraint("ck_invoices_created_by_id_pair", "(created_by_account_id IS NULL) = (created_by_id IS NULL)");
                    table.CheckConstraint("ck_invoices_created_by_id_same_account", "created_by_account_id = account_id");
                    table.CheckConstraint("ck_invoices_customer_id_same_account", "customer_account_id = account_id");
                    table.ForeignKey(
                        name: "fk_invoices_created_by_id",
                        columns: x => new { x.created_by_account_id, x.created_by_id },
                        principalTable: "users",
                        principalColumns: new[] { "account_id", "id" });
                    table.ForeignKey(
                        name: "fk_invoices_customer_id",
                        columns: x => new { x.customer_account_id, x.customer_id },
                        principalTable: "customers",
                        principalColumns: new[] { "account_id", "id" });
                });

            migrationBuilder.CreateTable(
                name: "invoice_items",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    invoice_account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    invoice_id = table.Column<long>(type: "bigint", nullable: false),
                    item_account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    item_id = table.Column<long>(type: "bigint", nullable: true),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(12,3)", precision: 12, scale: 3, nullable: false),
                    unit_price = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    tax_rate = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    line_total = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_items", x => new { x.account_id, x.id });
                    table.CheckConstraint("ck_invoice_items_invoice_id_same_account", "invoice_account_id = account_id");
                    table.CheckConstraint("ck_invoice_items_item_id_pair", "(item_account_id IS NULL) = (item_id IS NULL)");
                    table.CheckConstraint("ck_invoice_items_item_id_same_account", "item_account_id = account_id");
                    table.ForeignKey(
                        name: "fk_invoice_items_invoice_id",
                        columns: x => new { x.invoice_account_id, x.invoice_id },
                        principalTable: "invoices",
                        principalColumns: new[] { "account_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_invoice_items_item_id",
                        columns: x => new { x.item_account_id, x.item_id },
                        principalTable: "items",
                        principalColumns: new[] { "account_id", "id" });
                });

            migrationBuilder.CreateTable(
                name: "payments",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    invoice_account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    invoice_id = table.Column<long>(type: "bigint", nullable: true),
                    customer_account_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    customer_id = table.Column<long>(type: "bigint", nullable: true),
                    amount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    method = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    paid_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payments", x => new { x.account_id, x.id });
                    table.CheckConstraint("ck_payments_customer_id_pair", "(customer_account_id IS NULL) = (customer_id IS NULL)");
                    table.CheckConstraint("ck_payments_customer_id_same_account", "customer_account_id = account_id");
                    table.CheckConstraint("ck_payments_invoice_id_pair", "(invoice_account_id IS NULL) = (invoice_id IS NULL)");
                    table.CheckConstraint("ck_payments_invoice_id_same_account", "invoice_account_id = account_id");
                    table.ForeignKey(
                        name: "fk_payments_customer_id",
                        columns: x => new { x.customer_account_id, x.customer_id },
                        principalTable: "customers",
                        principalColumns: new[] { "account_id", "id" });
                    table.ForeignKey(
                        name: "fk_payments_invoice_id",
                        columns: x => new { x.invoice_account_id, x.invoice_id },
                        principalTable: "invoices",
                        principalColumns: new[] { "account_id", "id" });
                });

            migrationBuilder.CreateIndex(
                name: "ix_invoice_items_invoice_account_id_invoice_id",
                table: "invoice_items",
                columns: new[] { "invoice_account_id", "invoice_id" });

            migrationBuilder.CreateIndex(
                name: "ix_invoice_items_item_account_id_item_id",
                table: "invoice_items",
                columns: new[] { "item_account_id", "item_id" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_created_by_account_id_created_by_id",
                table: "invoices",
                columns: new[] { "created_by_account_id", "created_by_id" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_customer_account_id_customer_id",
                table: "invoices",
                columns: new[] { "customer_account_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_item_categories_parent_account_id_parent_id",
                table: "item_categories",
                columns: new[] { "parent_account_id", "parent_id" });

            migrationBuilder.CreateIndex(
                name: "ix_items_category_account_id_category_id",
                table: "items",
                columns: new[] { "category_account_id", "category_id" });

            migrationBuilder.CreateIndex(
                name: "ix_payments_customer_account_id_customer_id",
                table: "payments",
                columns: new[] { "customer_account_id", "customer_id" });

            migrationBuilder.CreateIndex(
                name: "ix_payments_invoice_account_id_invoice_id",
                table: "payments",
                columns: new[] { "invoice_account_id", "invoice_id" });

            migrationBuilder.CreateIndex(
                name: "ix_users_organization_account_id_organization_id",
                table: "users",
                columns: new[] { "organization_account_id", "organization_id" });

            migrationBuilder.CreateIndex(
                name: "ux_users_account_id_email",
                table: "users",
                columns: new[] { "account_id", "email" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alembic_version");

            migrationBuilder.DropTable(
                name: "invoice_items");

            migrationBuilder.DropTable(
                name: "payments");

            migrationBuilder.DropTable(
                name: "items");

            migrationBuilder.DropTable(
                name: "invoices");

            migrationBuilder.DropTable(
                name: "item_categories");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "customers");

            migrationBuilder.DropTable(
                name: "organizations");
        }
    }
}
