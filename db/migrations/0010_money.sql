ALTER TABLE "repair_lines" ADD COLUMN "recommended" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "tax_rate_basis_points" integer DEFAULT 0 NOT NULL;