CREATE INDEX ix_invoice_items_item_account_id_item_id ON public.invoice_items USING btree (item_account_id, item_id);
