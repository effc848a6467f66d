ALTER TABLE invoice_items ADD CONSTRAINT pk_invoice_items PRIMARY KEY (account_id, id);
