ALTER TABLE invoice_items DROP CONSTRAINT IF EXISTS fk_invoice_items_item_id, DROP CONSTRAINT IF EXISTS fk_invoice_items_invoice_id;
ALTER TABLE payments DROP CONSTRAINT IF EXISTS fk_payments_invoice_id, DROP CONSTRAINT IF EXISTS fk_payments_customer_id;
ALTER TABLE invoices DROP CONSTRAINT IF EXISTS fk_invoices_customer_id, DROP CONSTRAINT IF EXISTS fk_invoices_created_by_id;
ALTER TABLE invoice_items DROP CONSTRAINT IF EXISTS pk_invoice_items;
ALTER TABLE invoices DROP CONSTRAINT IF EXISTS pk_invoices;
ALTER TABLE payments DROP CONSTRAINT IF EXISTS pk_payments;
DROP INDEX IF EXISTS ix_payments_invoice_account_id_invoice_id, ix_payments_customer_account_id_customer_id, ix_invoices_customer_account_id_customer_id, ix_invoices_created_by_account_id_created_by_id, ix_invoice_items_item_account_id_item_id, ix_invoice_items_invoice_account_id_invoice_id;
CHECKPOINT;
