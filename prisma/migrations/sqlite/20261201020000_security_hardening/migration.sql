-- Security hardening (issues 8 and 10): case codes are kept only as a keyed HMAC plus their last 4 characters,
-- photos are stored re-encoded and encrypted, running services hold a lease that key rotation checks, and
-- one-time passwords of console accounts expire.
-- The HMAC needs the pseudonym key, which a migration does not have: existing codes are carried over as
-- "plain:<code>" and hashed by the service at its next start-up (app/reports/hash-stored-case-codes.ts).

-- CreateTable
CREATE TABLE "ReportMedia" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT,
    "mimeType" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReportMedia_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ServiceLease" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Report" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "codeHash" TEXT NOT NULL,
    "codeTail" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "flowRevision" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "urgency" TEXT NOT NULL,
    "urgencyRank" INTEGER NOT NULL,
    "categories" TEXT NOT NULL,
    "minor" BOOLEAN NOT NULL,
    "referrals" TEXT NOT NULL,
    "reasons" TEXT NOT NULL,
    "departmentCode" TEXT,
    "provinceCode" TEXT,
    "districtCode" TEXT,
    "status" TEXT NOT NULL DEFAULT 'new',
    "referredTo" TEXT,
    "referredAt" DATETIME,
    "outcome" TEXT,
    "assigneeId" TEXT,
    "reporterLink" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "closedAt" DATETIME
);
INSERT INTO "new_Report" ("codeHash", "codeTail", "assigneeId", "body", "categories", "channel", "closedAt", "createdAt", "departmentCode", "districtCode", "flowId", "flowRevision", "id", "kind", "locale", "minor", "outcome", "provinceCode", "reasons", "referrals", "referredAt", "referredTo", "reporterLink", "sourceKey", "status", "updatedAt", "urgency", "urgencyRank") SELECT 'plain:' || "caseCode", substr("caseCode", -4), "assigneeId", "body", "categories", "channel", "closedAt", "createdAt", "departmentCode", "districtCode", "flowId", "flowRevision", "id", "kind", "locale", "minor", "outcome", "provinceCode", "reasons", "referrals", "referredAt", "referredTo", "reporterLink", "sourceKey", "status", "updatedAt", "urgency", "urgencyRank" FROM "Report";
DROP TABLE "Report";
ALTER TABLE "new_Report" RENAME TO "Report";
CREATE UNIQUE INDEX "Report_codeHash_key" ON "Report"("codeHash");
CREATE UNIQUE INDEX "Report_sourceKey_key" ON "Report"("sourceKey");
CREATE INDEX "Report_status_urgencyRank_createdAt_idx" ON "Report"("status", "urgencyRank", "createdAt");
CREATE INDEX "Report_reporterLink_idx" ON "Report"("reporterLink");
CREATE INDEX "Report_createdAt_idx" ON "Report"("createdAt");
CREATE TABLE "new_Operator" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT true,
    "oneTimePasswordExpiresAt" DATETIME,
    "totpSecret" TEXT,
    "disabledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Operator" ("createdAt", "disabledAt", "email", "id", "mustChangePassword", "passwordHash", "role", "totpSecret", "updatedAt") SELECT "createdAt", "disabledAt", "email", "id", "mustChangePassword", "passwordHash", "role", "totpSecret", "updatedAt" FROM "Operator";
DROP TABLE "Operator";
ALTER TABLE "new_Operator" RENAME TO "Operator";
CREATE UNIQUE INDEX "Operator_email_key" ON "Operator"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ReportMedia_reportId_idx" ON "ReportMedia"("reportId");

-- CreateIndex
CREATE INDEX "ReportMedia_createdAt_idx" ON "ReportMedia"("createdAt");

