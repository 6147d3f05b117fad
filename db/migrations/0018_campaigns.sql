CREATE TABLE "campaign_vehicles" (
	"campaign_code" text NOT NULL,
	"vin" text NOT NULL,
	"customer_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_vehicles_campaign_code_vin_pk" PRIMARY KEY("campaign_code","vin")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"code" text PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"translations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"labour_code" text NOT NULL,
	"parts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model" text,
	"year_from" integer,
	"year_to" integer,
	"imported_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vehicles" ADD COLUMN "warranty_months" integer;--> statement-breakpoint
ALTER TABLE "campaign_vehicles" ADD CONSTRAINT "campaign_vehicles_campaign_code_campaigns_code_fk" FOREIGN KEY ("campaign_code") REFERENCES "public"."campaigns"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_vehicles" ADD CONSTRAINT "campaign_vehicles_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_labour_code_labour_operations_code_fk" FOREIGN KEY ("labour_code") REFERENCES "public"."labour_operations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_vehicles_vin_idx" ON "campaign_vehicles" USING btree ("vin");