ALTER TABLE payments ADD CONSTRAINT pk_payments PRIMARY KEY (account_id, id);
CREATE INDEX ix_payments_invoice_account_id_invoice_id ON public.payments USING btree (invoice_account_id, invoice_id);
CREATE INDEX ix_payments_customer_account_id_customer_id ON public.payments USING btree (customer_account_id, customer_id);
