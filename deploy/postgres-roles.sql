-- Production roles, run once by a PostgreSQL superuser before
-- `madoguchi-admin migrate` (which creates them too if missing, without
-- passwords). Unix-socket peer authentication maps each service's system
-- user to its role; see pg_hba.conf.example. The owner role runs
-- migrations and the admin tool only.
CREATE ROLE madoguchi_admin LOGIN;
CREATE ROLE madoguchi_intake LOGIN;
CREATE ROLE madoguchi_review LOGIN;
CREATE ROLE madoguchi_notify LOGIN;
CREATE DATABASE madoguchi OWNER madoguchi_admin ENCODING 'UTF8';
-- For a remote database over TLS, give each role a SCRAM password instead
-- and use sslmode=verify-full in the connection strings:
--   ALTER ROLE madoguchi_intake PASSWORD '...';
