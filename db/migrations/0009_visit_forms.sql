-- The table holds every form of a visit (reception, walk-around, diagnosis, QC, delivery), not only inspections.
ALTER TABLE "inspections" RENAME TO "visit_forms";--> statement-breakpoint
ALTER INDEX "inspections_pkey" RENAME TO "visit_forms_pkey";--> statement-breakpoint
ALTER TABLE "visit_forms" RENAME CONSTRAINT "inspections_visit_id_visits_id_fk" TO "visit_forms_visit_id_visits_id_fk";--> statement-breakpoint
ALTER INDEX "inspections_visit_idx" RENAME TO "visit_forms_visit_idx";
