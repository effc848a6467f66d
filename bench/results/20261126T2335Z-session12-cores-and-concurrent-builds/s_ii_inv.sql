CREATE INDEX ix_invoice_items_invoice_account_id_invoice_id ON public.invoice_items USING btree (invoice_account_id, invoice_id);
