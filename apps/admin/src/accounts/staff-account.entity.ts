import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@yichuang/contracts';

/** A staff account of the hall (clerks, reviewers, supervisors, administrators). */
@Entity({ name: 'staff_account' })
export class StaffAccount {
  @PrimaryColumn({ type: 'text' }) username!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  /** scrypt: `scrypt$<salt hex>$<hash hex>` */
  @Column({ name: 'password_hash', type: 'text' }) passwordHash!: string;
  @Column({ type: 'text', array: true }) roles!: Role[];
  @Column({ name: 'department_code', type: 'text', nullable: true }) departmentCode!: string | null;
  @Column({ name: 'window_no', type: 'text', nullable: true }) windowNo!: string | null;
  @Column({ type: 'text' }) phone!: string;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  /** wrong passwords in a row (reset by a good login or the administrator's unlock) */
  @Column({ name: 'failed_logins', type: 'int', default: 0 }) failedLogins!: number;
  @Column({ name: 'last_failed_at', type: 'timestamptz', nullable: true }) lastFailedAt!: Date | null;
  /** set after too many wrong passwords in a row; only the administrator unlocks */
  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true }) lockedAt!: Date | null;
  /** signed into access tokens (`tv`); raised when the account is disabled or its password changes, which revokes them */
  @Column({ name: 'token_version', type: 'int', default: 0 }) tokenVersion!: number;
  /** set by the administrator (new account, reset password): the person must choose their own before anything else */
  @Column({ name: 'must_change_password', type: 'boolean', default: false }) mustChangePassword!: boolean;
  /** raised by each edit of the administrator (optimistic concurrency: `expectedVersion`) */
  @Column({ type: 'int', default: 0 }) version!: number;
}

/** A failing client address (growing delays for every account tried from it). */
@Entity({ name: 'login_address' })
export class LoginAddress {
  @PrimaryColumn({ type: 'text' }) address!: string;
  @Column({ type: 'int' }) failures!: number;
  @Column({ name: 'last_failed_at', type: 'timestamptz' }) lastFailedAt!: Date;
}

/** A refresh token, by its SHA-256 (the token itself is never stored); the tokens of one login form a family. */
@Entity({ name: 'refresh_token' })
export class RefreshToken {
  @PrimaryColumn({ name: 'token_hash', type: 'text' }) tokenHash!: string;
  @Column({ type: 'text' }) username!: string;
  @Column({ name: 'family_id', type: 'uuid' }) familyId!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true }) usedAt!: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
}
