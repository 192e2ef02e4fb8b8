/**
 * The upstream rule ids the pack's mapping table (docs/policy-pack.md) must account for, one by one. Taken from
 * cdklabs/cdk-nag RULES.md and src/packs/serverless.ts (commit ca6d1b54) and from bridgecrewio/checkov
 * checkov/terraform/checks/resource/aws and graph_checks/aws (commit 03d5fdad), filtered to the services the
 * pack covers and the hourly-billed services `scale-to-zero` reports.
 */

/** cdk-nag AwsSolutions: every rule of the pack (SNS2 from earlier releases, still a source of `sns-encryption`). */
export const AWS_SOLUTIONS_RULES: readonly string[] = [
    "AwsSolutions-APIG3", "AwsSolutions-CB5", "AwsSolutions-CFR1", "AwsSolutions-CFR2", "AwsSolutions-COG2", "AwsSolutions-DDB3", "AwsSolutions-EB4", "AwsSolutions-GL1",
    "AwsSolutions-GL3", "AwsSolutions-KDA3", "AwsSolutions-KDS3", "AwsSolutions-MS4", "AwsSolutions-MS7", "AwsSolutions-MS8", "AwsSolutions-MS10", "AwsSolutions-TS3",
    "AwsSolutions-VPC3", "AwsSolutions-AEC1", "AwsSolutions-AEC3", "AwsSolutions-AEC4", "AwsSolutions-AEC5", "AwsSolutions-AEC6", "AwsSolutions-APIG1", "AwsSolutions-APIG2",
    "AwsSolutions-APIG4", "AwsSolutions-APIG6", "AwsSolutions-AS1", "AwsSolutions-AS2", "AwsSolutions-AS3", "AwsSolutions-ASC3", "AwsSolutions-CB4", "AwsSolutions-C91",
    "AwsSolutions-CFR3", "AwsSolutions-CFR4", "AwsSolutions-CFR5", "AwsSolutions-CFR6", "AwsSolutions-CFR7", "AwsSolutions-COG1", "AwsSolutions-COG4", "AwsSolutions-COG7",
    "AwsSolutions-COG8", "AwsSolutions-DDB4", "AwsSolutions-DOC1", "AwsSolutions-DOC2", "AwsSolutions-DOC3", "AwsSolutions-DOC4", "AwsSolutions-DOC5", "AwsSolutions-EB1",
    "AwsSolutions-EB3", "AwsSolutions-EC23", "AwsSolutions-EC26", "AwsSolutions-EC27", "AwsSolutions-EC28", "AwsSolutions-EC29", "AwsSolutions-ECR1", "AwsSolutions-ECS2",
    "AwsSolutions-ECS4", "AwsSolutions-ECS7", "AwsSolutions-EFS1", "AwsSolutions-EKS1", "AwsSolutions-EKS2", "AwsSolutions-ELB1", "AwsSolutions-ELB2", "AwsSolutions-ELB3",
    "AwsSolutions-ELB4", "AwsSolutions-ELB5", "AwsSolutions-EMR2", "AwsSolutions-EMR4", "AwsSolutions-EMR5", "AwsSolutions-EMR6", "AwsSolutions-EVB1", "AwsSolutions-IAM4",
    "AwsSolutions-IAM5", "AwsSolutions-KDF1", "AwsSolutions-KDS1", "AwsSolutions-KMS5", "AwsSolutions-L1", "AwsSolutions-LEX4", "AwsSolutions-MS1", "AwsSolutions-MS3",
    "AwsSolutions-MSK2", "AwsSolutions-MSK3", "AwsSolutions-MSK6", "AwsSolutions-N1", "AwsSolutions-N2", "AwsSolutions-N3", "AwsSolutions-N4", "AwsSolutions-N5",
    "AwsSolutions-OS1", "AwsSolutions-OS2", "AwsSolutions-OS3", "AwsSolutions-OS4", "AwsSolutions-OS5", "AwsSolutions-OS7", "AwsSolutions-OS8", "AwsSolutions-OS9",
    "AwsSolutions-QS1", "AwsSolutions-RDS2", "AwsSolutions-RDS3", "AwsSolutions-RDS6", "AwsSolutions-RDS8", "AwsSolutions-RDS10", "AwsSolutions-RDS11", "AwsSolutions-RDS13",
    "AwsSolutions-RDS14", "AwsSolutions-RDS16", "AwsSolutions-RS1", "AwsSolutions-RS2", "AwsSolutions-RS3", "AwsSolutions-RS4", "AwsSolutions-RS5", "AwsSolutions-RS6",
    "AwsSolutions-RS8", "AwsSolutions-RS9", "AwsSolutions-RS10", "AwsSolutions-RS11", "AwsSolutions-S1", "AwsSolutions-S2", "AwsSolutions-S5", "AwsSolutions-S10",
    "AwsSolutions-SF1", "AwsSolutions-SF2", "AwsSolutions-SM1", "AwsSolutions-SM2", "AwsSolutions-SM3", "AwsSolutions-SMG4", "AwsSolutions-SNS3", "AwsSolutions-SQS2",
    "AwsSolutions-SQS3", "AwsSolutions-SQS4", "AwsSolutions-VPC7", "AwsSolutions-SNS2",
];

/** cdk-nag ServerlessChecks: every rule. */
export const SERVERLESS_RULES: readonly string[] = [
    "Serverless-LambdaTracing", "Serverless-LambdaEventSourceMappingDestination", "Serverless-LambdaLatestVersion", "Serverless-LambdaAsyncFailureDestination", "Serverless-LambdaDLQ", "Serverless-LambdaDefaultMemorySize", "Serverless-LambdaDefaultTimeout", "Serverless-LambdaStarPermissions",
    "Serverless-CloudWatchLogGroupRetentionPeriod", "Serverless-APIGWAccessLogging", "Serverless-APIGWXrayEnabled", "Serverless-APIGWStructuredLogging", "Serverless-APIGWDefaultThrottling", "Serverless-AppSyncTracing", "Serverless-EventBusDLQ", "Serverless-SNSRedrivePolicy",
    "Serverless-SQSRedrivePolicy", "Serverless-StepFunctionStateMachineXray",
];

/** cdk-nag's additional rules (in no pre-built pack). */
export const CDK_NAG_ADDITIONAL_RULES: readonly string[] = [
    "cdk-nag:LambdaFunctionUrlAuth", "cdk-nag:LambdaEventSourceSQSVisibilityTimeout", "cdk-nag:MWAAAllLoggingInfo",
];

/** Checkov AWS checks for the serverless services the pack covers. */
export const CHECKOV_SERVERLESS_CHECKS: readonly string[] = [
    "CKV_AWS_7", "CKV_AWS_9", "CKV_AWS_10", "CKV_AWS_11", "CKV_AWS_12", "CKV_AWS_13", "CKV_AWS_14", "CKV_AWS_15",
    "CKV_AWS_18", "CKV_AWS_19", "CKV_AWS_20", "CKV_AWS_21", "CKV_AWS_26", "CKV_AWS_27", "CKV_AWS_28", "CKV_AWS_32",
    "CKV_AWS_33", "CKV_AWS_34", "CKV_AWS_40", "CKV_AWS_45", "CKV_AWS_50", "CKV_AWS_51", "CKV_AWS_53", "CKV_AWS_54",
    "CKV_AWS_55", "CKV_AWS_56", "CKV_AWS_57", "CKV_AWS_59", "CKV_AWS_60", "CKV_AWS_61", "CKV_AWS_62", "CKV_AWS_63",
    "CKV_AWS_66", "CKV_AWS_68", "CKV_AWS_70", "CKV_AWS_72", "CKV_AWS_73", "CKV_AWS_76", "CKV_AWS_86", "CKV_AWS_93",
    "CKV_AWS_115", "CKV_AWS_116", "CKV_AWS_117", "CKV_AWS_119", "CKV_AWS_120", "CKV_AWS_136", "CKV_AWS_143", "CKV_AWS_144",
    "CKV_AWS_145", "CKV_AWS_149", "CKV_AWS_158", "CKV_AWS_163", "CKV_AWS_165", "CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_173",
    "CKV_AWS_174", "CKV_AWS_175", "CKV_AWS_176", "CKV_AWS_181", "CKV_AWS_186", "CKV_AWS_192", "CKV_AWS_193", "CKV_AWS_194",
    "CKV_AWS_206", "CKV_AWS_214", "CKV_AWS_215", "CKV_AWS_216", "CKV_AWS_217", "CKV_AWS_225", "CKV_AWS_227", "CKV_AWS_237",
    "CKV_AWS_240", "CKV_AWS_241", "CKV_AWS_258", "CKV_AWS_259", "CKV_AWS_271", "CKV_AWS_272", "CKV_AWS_273", "CKV_AWS_274",
    "CKV_AWS_276", "CKV_AWS_284", "CKV_AWS_285", "CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288", "CKV_AWS_289", "CKV_AWS_290",
    "CKV_AWS_297", "CKV_AWS_300", "CKV_AWS_301", "CKV_AWS_304", "CKV_AWS_305", "CKV_AWS_308", "CKV_AWS_309", "CKV_AWS_310",
    "CKV_AWS_319", "CKV_AWS_337", "CKV_AWS_338", "CKV_AWS_342", "CKV_AWS_348", "CKV_AWS_355", "CKV_AWS_363", "CKV_AWS_364",
    "CKV_AWS_366", "CKV_AWS_374", "CKV_AWS_375", "CKV_AWS_379", "CKV_AWS_385", "CKV_AWS_387", "CKV_AWS_392", "CKV_AWS_393",
    "CKV2_AWS_4", "CKV2_AWS_6", "CKV2_AWS_14", "CKV2_AWS_16", "CKV2_AWS_21", "CKV2_AWS_22", "CKV2_AWS_29", "CKV2_AWS_31",
    "CKV2_AWS_32", "CKV2_AWS_33", "CKV2_AWS_34", "CKV2_AWS_40", "CKV2_AWS_42", "CKV2_AWS_43", "CKV2_AWS_46", "CKV2_AWS_47",
    "CKV2_AWS_51", "CKV2_AWS_53", "CKV2_AWS_54", "CKV2_AWS_56", "CKV2_AWS_57", "CKV2_AWS_61", "CKV2_AWS_62", "CKV2_AWS_64",
    "CKV2_AWS_65", "CKV2_AWS_70", "CKV2_AWS_72", "CKV2_AWS_73", "CKV2_AWS_75", "CKV2_AWS_77", "CKV2_AWS_78",
];

/** Checkov AWS checks for the services that never scale to zero. */
export const CHECKOV_ALWAYS_ON_CHECKS: readonly string[] = [
    "CKV_AWS_3", "CKV_AWS_8", "CKV_AWS_46", "CKV_AWS_79", "CKV_AWS_88", "CKV_AWS_106", "CKV_AWS_126", "CKV_AWS_135",
    "CKV_AWS_148", "CKV_AWS_183", "CKV_AWS_189", "CKV_AWS_204", "CKV_AWS_205", "CKV_AWS_235", "CKV_AWS_236", "CKV_AWS_331",
    "CKV_AWS_341", "CKV_AWS_389", "CKV2_AWS_2", "CKV2_AWS_9", "CKV2_AWS_19", "CKV2_AWS_41", "CKV_AWS_23", "CKV_AWS_24",
    "CKV_AWS_25", "CKV_AWS_75", "CKV_AWS_123", "CKV_AWS_130", "CKV_AWS_229", "CKV_AWS_230", "CKV_AWS_231", "CKV_AWS_232",
    "CKV_AWS_260", "CKV_AWS_277", "CKV_AWS_344", "CKV_AWS_345", "CKV_AWS_346", "CKV_AWS_352", "CKV_AWS_377", "CKV_AWS_382",
    "CKV2_AWS_1", "CKV2_AWS_5", "CKV2_AWS_11", "CKV2_AWS_12", "CKV2_AWS_35", "CKV2_AWS_44", "CKV2_AWS_63", "CKV_AWS_2",
    "CKV_AWS_91", "CKV_AWS_92", "CKV_AWS_103", "CKV_AWS_127", "CKV_AWS_131", "CKV_AWS_138", "CKV_AWS_150", "CKV_AWS_152",
    "CKV_AWS_213", "CKV_AWS_261", "CKV_AWS_328", "CKV_AWS_376", "CKV_AWS_378", "CKV2_AWS_20", "CKV2_AWS_28", "CKV2_AWS_74",
    "CKV2_AWS_76", "CKV_AWS_16", "CKV_AWS_17", "CKV_AWS_96", "CKV_AWS_118", "CKV_AWS_129", "CKV_AWS_133", "CKV_AWS_139",
    "CKV_AWS_140", "CKV_AWS_146", "CKV_AWS_157", "CKV_AWS_161", "CKV_AWS_162", "CKV_AWS_198", "CKV_AWS_211", "CKV_AWS_226",
    "CKV_AWS_245", "CKV_AWS_246", "CKV_AWS_250", "CKV_AWS_266", "CKV_AWS_293", "CKV_AWS_302", "CKV_AWS_313", "CKV_AWS_324",
    "CKV_AWS_325", "CKV_AWS_326", "CKV_AWS_327", "CKV_AWS_353", "CKV_AWS_354", "CKV_AWS_388", "CKV2_AWS_8", "CKV2_AWS_27",
    "CKV2_AWS_30", "CKV2_AWS_60", "CKV2_AWS_69", "CKV_AWS_29", "CKV_AWS_30", "CKV_AWS_31", "CKV_AWS_134", "CKV_AWS_191",
    "CKV_AWS_196", "CKV_AWS_201", "CKV_AWS_202", "CKV_AWS_278", "CKV_AWS_322", "CKV_AWS_323", "CKV2_AWS_50", "CKV_AWS_5",
    "CKV_AWS_6", "CKV_AWS_83", "CKV_AWS_84", "CKV_AWS_137", "CKV_AWS_228", "CKV_AWS_247", "CKV_AWS_248", "CKV_AWS_317",
    "CKV_AWS_318", "CKV2_AWS_52", "CKV2_AWS_59", "CKV_AWS_43", "CKV_AWS_177", "CKV_AWS_185", "CKV_AWS_44", "CKV_AWS_47",
    "CKV_AWS_64", "CKV_AWS_71", "CKV_AWS_74", "CKV_AWS_85", "CKV_AWS_87", "CKV_AWS_90", "CKV_AWS_101", "CKV_AWS_102",
    "CKV_AWS_104", "CKV_AWS_105", "CKV_AWS_141", "CKV_AWS_142", "CKV_AWS_154", "CKV_AWS_160", "CKV_AWS_170", "CKV_AWS_172",
    "CKV_AWS_182", "CKV_AWS_239", "CKV_AWS_265", "CKV_AWS_279", "CKV_AWS_280", "CKV_AWS_281", "CKV_AWS_282", "CKV_AWS_292",
    "CKV_AWS_320", "CKV_AWS_321", "CKV_AWS_343", "CKV_AWS_347", "CKV_AWS_359", "CKV_AWS_360", "CKV_AWS_361", "CKV_AWS_362",
    "CKV_AWS_391", "CKV2_AWS_58", "CKV_AWS_48", "CKV_AWS_69", "CKV_AWS_80", "CKV_AWS_81", "CKV_AWS_197", "CKV_AWS_207",
    "CKV_AWS_208", "CKV_AWS_209", "CKV_AWS_291", "CKV_AWS_37", "CKV_AWS_38", "CKV_AWS_39", "CKV_AWS_58", "CKV_AWS_65",
    "CKV_AWS_97", "CKV_AWS_100", "CKV_AWS_210", "CKV_AWS_223", "CKV_AWS_224", "CKV_AWS_249", "CKV_AWS_312", "CKV_AWS_332",
    "CKV_AWS_333", "CKV_AWS_334", "CKV_AWS_335", "CKV_AWS_336", "CKV_AWS_339", "CKV_AWS_340", "CKV2_AWS_15", "CKV_AWS_22",
    "CKV_AWS_89", "CKV_AWS_94", "CKV_AWS_98", "CKV_AWS_99", "CKV_AWS_114", "CKV_AWS_122", "CKV_AWS_164", "CKV_AWS_171",
    "CKV_AWS_187", "CKV_AWS_195", "CKV_AWS_212", "CKV_AWS_222", "CKV_AWS_242", "CKV_AWS_243", "CKV_AWS_244", "CKV_AWS_296",
    "CKV_AWS_298", "CKV_AWS_306", "CKV_AWS_307", "CKV_AWS_349", "CKV_AWS_350", "CKV_AWS_351", "CKV_AWS_357", "CKV_AWS_367",
    "CKV_AWS_368", "CKV_AWS_369", "CKV_AWS_370", "CKV_AWS_371", "CKV_AWS_372", "CKV_AWS_380", "CKV_AWS_390", "CKV2_AWS_7",
    "CKV2_AWS_49", "CKV2_AWS_55", "CKV2_AWS_66", "CKV2_AWS_68", "CKV_AWS_42", "CKV_AWS_178", "CKV_AWS_179", "CKV_AWS_184",
    "CKV_AWS_190", "CKV_AWS_203", "CKV_AWS_329", "CKV_AWS_330", "CKV2_AWS_18",
];
