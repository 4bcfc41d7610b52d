import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CASE_NO_PATTERN } from './common.js';

export const RATING_LEVELS = ['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];
export const RATING_CHANNELS = ['pad', 'paper', 'online'] as const;

export class SubmitEvaluationRequest {
  @ApiProperty() @IsString() @Matches(CASE_NO_PATTERN, { message: 'caseNo must be ASCII letters, digits and -' }) caseNo!: string;
  @ApiProperty({ enum: RATING_LEVELS }) @IsIn(RATING_LEVELS) level!: RatingLevel;
  @ApiProperty({ enum: RATING_CHANNELS }) @IsIn(RATING_CHANNELS) channel!: (typeof RATING_CHANNELS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 20) windowNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1000) comment?: string;
}

export interface EvaluationView {
  id: string;
  caseNo: string;
  level: RatingLevel;
  channel: string;
  bad: boolean;
  createdAt: string;
}

export class EvaluationSubmittedV1 {
  @IsString() evaluationId!: string;
  @IsString() caseNo!: string;
  @IsIn(RATING_LEVELS) level!: RatingLevel;
  @IsString() channel!: string;
  @IsString() submittedAt!: string;
}
