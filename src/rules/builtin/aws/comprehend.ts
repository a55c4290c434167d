import { cfn, expectAttr, iacRule, tf, type IacRule } from '../cloud-shared/iac-rule.js';
import { FW } from '../cloud-shared/frameworks.js';
import { present } from '../cloud-shared/resource.js';

// Custom Comprehend models are trained on the customer's own documents (entity lists, labelled
// text): the model artefact and the training volume both carry that data.
const T = ['aws_comprehend_entity_recognizer', 'aws_comprehend_document_classifier'];
const recognizer = (extra: string) => `resource "aws_comprehend_entity_recognizer" "r" {\n  name                 = "claims-entities"\n  data_access_role_arn = "arn:aws:iam::123456789012:role/comprehend"\n  language_code        = "en"\n  input_data_config {\n    entity_types {\n      type = "POLICY_NUMBER"\n    }\n    documents {\n      s3_uri = "s3://acme-claims/docs/"\n    }\n    entity_list {\n      s3_uri = "s3://acme-claims/entities.csv"\n    }\n  }\n${extra}}\n`;
const classifier = (props: string) => `  Classifier:\n    Type: AWS::Comprehend::DocumentClassifier\n    Properties:\n      DocumentClassifierName: claims-types\n      DataAccessRoleArn: arn:aws:iam::123456789012:role/comprehend\n      LanguageCode: en\n      InputDataConfig:\n        S3Uri: s3://acme-claims/train.csv\n${props}`;
const key = 'arn:aws:kms:us-east-1:123456789012:key/comprehend';
// The CloudFormation property of each Terraform attribute.
const CFN_PROP: Record<string, string> = { model_kms_key_id: 'ModelKmsKeyId', volume_kms_key_id: 'VolumeKmsKeyId' };

function keyRule(id: string, attr: string, what: string, risk: string): IacRule {
  return iacRule({
    id,
    title: `Custom Comprehend models encrypt their ${what} with a customer-managed KMS key`,
    severity: 'low',
    category: 'encryption',
    risk,
    remediation: `Set ${attr} to a customer-managed KMS key.`,
    remediationCode: { terraform: `${attr} = aws_kms_key.comprehend.arn` },
    frameworks: FW.encryption,
    types: T,
    check: (r) => expectAttr(r, attr, { what: attr, ok: present, fail: `the ${what} is not encrypted with a customer-managed key`, pass: `${what} encrypted with a customer-managed key` }),
    examples: {
      pass: [tf('kms', recognizer(`  ${attr} = "${key}"\n`)), cfn('cfn classifier kms', classifier(`      ${CFN_PROP[attr]}: ${key}\n`))],
      fail: [tf('none', recognizer('')), cfn('cfn classifier none', classifier(''))],
    },
  });
}

/** Comprehend custom entity recognizers and document classifiers (Checkov ComprehendEntityRecognizer*UsesCMK). */
export const comprehendRules: readonly IacRule[] = [
  keyRule('comprehend_model_encrypted_with_kms', 'model_kms_key_id', 'model', 'The trained model encodes entities and phrases of the training documents; without a customer-managed key it cannot be governed or revoked by key policy.'),
  keyRule('comprehend_training_volume_encrypted_with_kms', 'volume_kms_key_id', 'training volume', 'The training instances hold the training documents on their volumes while the model is built.'),
];
