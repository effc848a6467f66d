ALTER TABLE invoices ADD CONSTRAINT pk_invoices PRIMARY KEY (account_id, id);
CREATE INDEX ix_invoices_customer_account_id_customer_id ON public.invoices USING btree (customer_account_id, customer_id);
CREATE INDEX ix_invoices_created_by_account_id_created_by_id ON public.invoices USING btree (created_by_account_id, created_by_id);
