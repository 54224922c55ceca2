// Makes a thumbnail of every image uploaded to the uploads bucket.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import sharp from 'sharp';
import type { S3Event } from 'aws-lambda';

const THUMBNAILS_BUCKET = process.env.THUMBNAILS_BUCKET!;
const THUMBNAIL_WIDTH = 256;

// Hoisted: created once per execution environment, reused while it stays warm (no LA101 here).
const s3 = new S3Client({});

export const handler = async (event: S3Event): Promise<void> => {
  // LA101: a second client built on every invocation, from nothing the event provides.
  const uploads = new S3Client({ region: process.env.AWS_REGION });

  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const original = await uploads.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = await original.Body!.transformToByteArray();

    // LA102: the downloaded original is written to /tmp and never removed, so a
    // warm environment fills /tmp image by image.
    const localPath = `/tmp/${path.basename(key)}`;
    await writeFile(localPath, bytes);

    const thumbnail = await sharp(await readFile(localPath)).resize({ width: THUMBNAIL_WIDTH }).webp().toBuffer();
    await s3.send(
      new PutObjectCommand({
        Bucket: THUMBNAILS_BUCKET,
        Key: `thumbnails/${path.parse(key).name}.webp`,
        Body: thumbnail,
        ContentType: 'image/webp',
      }),
    );
  }
};
