-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "claimedUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "InboxUpdate" (
    "key" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboxUpdate_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "InboxUpdate_channel_createdAt_idx" ON "InboxUpdate"("channel", "createdAt");
