CREATE TABLE "part_stock" (
	"part_number" text PRIMARY KEY NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "part_stock_reserved_within_on_hand" CHECK ("part_stock"."reserved" >= 0 and "part_stock"."reserved" <= "part_stock"."on_hand")
);
--> statement-breakpoint
CREATE TABLE "stock_moves" (
	"key" text PRIMARY KEY NOT NULL,
	"part_number" text NOT NULL,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"visit_id" text,
	"by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_parts" (
	"visit_id" text NOT NULL,
	"part_number" text NOT NULL,
	"needed" integer NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"short" integer DEFAULT 0 NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"expected_at" timestamp with time zone,
	"status" text DEFAULT 'reserved' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visit_parts_visit_id_part_number_pk" PRIMARY KEY("visit_id","part_number"),
	CONSTRAINT "visit_parts_counts" CHECK ("visit_parts"."reserved" >= 0 and "visit_parts"."short" >= 0 and "visit_parts"."used" >= 0)
);
--> statement-breakpoint
ALTER TABLE "parts" ADD COLUMN "lead_time_days" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "part_stock" ADD CONSTRAINT "part_stock_part_number_parts_part_number_fk" FOREIGN KEY ("part_number") REFERENCES "public"."parts"("part_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_moves" ADD CONSTRAINT "stock_moves_part_number_parts_part_number_fk" FOREIGN KEY ("part_number") REFERENCES "public"."parts"("part_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_parts" ADD CONSTRAINT "visit_parts_part_number_parts_part_number_fk" FOREIGN KEY ("part_number") REFERENCES "public"."parts"("part_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_moves_part_idx" ON "stock_moves" USING btree ("part_number","at");--> statement-breakpoint
CREATE INDEX "stock_moves_visit_idx" ON "stock_moves" USING btree ("visit_id");--> statement-breakpoint
CREATE INDEX "visit_parts_short_idx" ON "visit_parts" USING btree ("part_number","expected_at");--> statement-breakpoint
INSERT INTO "part_stock" ("part_number", "on_hand") SELECT "part_number", "stock_on_hand" FROM "parts";--> statement-breakpoint
INSERT INTO "stock_moves" ("key", "part_number", "kind", "quantity", "by") SELECT 'opening:' || "part_number", "part_number", 'count', "stock_on_hand", 'migration' FROM "parts" WHERE "stock_on_hand" <> 0;--> statement-breakpoint
ALTER TABLE "parts" DROP COLUMN "stock_on_hand";
