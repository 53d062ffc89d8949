-- Security hardening (issues 8 and 10): case codes are kept only as a keyed HMAC plus their last 4 characters,
-- photos are stored re-encoded and encrypted, running services hold a lease that key rotation checks, and
-- one-time passwords of console accounts expire.
-- The HMAC needs the pseudonym key, which a migration does not have: existing codes are carried over as
-- "plain:<code>" and hashed by the service at its next start-up (app/reports/hash-stored-case-codes.ts).

-- AlterTable: one-time passwords expire
ALTER TABLE "Operator" ADD COLUMN "oneTimePasswordExpiresAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ReportMedia" (
    "id" TEXT NOT NULL,
    "reportId" TEXT,
    "mimeType" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportMedia_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceLease" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceLease_pkey" PRIMARY KEY ("id")
);

-- AlterTable: case codes become codeHash (hashed at start-up) + codeTail
ALTER TABLE "Report" ADD COLUMN "codeHash" TEXT, ADD COLUMN "codeTail" TEXT;
UPDATE "Report" SET "codeHash" = 'plain:' || "caseCode", "codeTail" = right("caseCode", 4);
ALTER TABLE "Report" ALTER COLUMN "codeHash" SET NOT NULL, ALTER COLUMN "codeTail" SET NOT NULL;
DROP INDEX "Report_caseCode_key";
ALTER TABLE "Report" DROP COLUMN "caseCode";

-- CreateIndex
CREATE UNIQUE INDEX "Report_codeHash_key" ON "Report"("codeHash");

-- CreateIndex
CREATE INDEX "ReportMedia_reportId_idx" ON "ReportMedia"("reportId");

-- CreateIndex
CREATE INDEX "ReportMedia_createdAt_idx" ON "ReportMedia"("createdAt");

-- AddForeignKey
ALTER TABLE "ReportMedia" ADD CONSTRAINT "ReportMedia_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;
